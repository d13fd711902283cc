import { classifySection } from './classify.js';
import { oneLine } from './normalise.js';
import type { LearningEvidence, LearningInput, LearningSection } from './types.js';
import { ENTRY_MAX } from './types.js';

/** The proposed AGENTS.md line and section for one input, and the evidence it brings. */
export interface DraftLearning {
  section: LearningSection;
  entry: string;
  evidence: LearningEvidence;
}

export function draftLearning(input: LearningInput): DraftLearning | undefined {
  switch (input.kind) {
    case 'agent':
    case 'human':
    case 'review': {
      const { section, text } = classifySection(oneLine(input.text, 10_000));
      const entry = oneLine(text, ENTRY_MAX);
      if (!entry) return undefined;
      const evidence: LearningEvidence = { task: input.task, source: input.kind };
      if (input.kind === 'agent') {
        if (input.commit) evidence.commit = input.commit;
        if (input.files?.length) evidence.files = [...input.files];
      }
      if (input.kind === 'review' && input.file) evidence.files = [input.file];
      return { section, entry, evidence };
    }
    case 'fix-loop': {
      const symptom = oneLine(input.symptom, 90);
      const files = listFiles(input.files);
      // A rule the next agent can act on: where to look when this failure shows, and why.
      const when = symptom ? `When ${input.gate} fails with "${symptom}"` : `When ${input.gate} fails`;
      const entry = oneLine(
        files
          ? `${when}, check ${files} first (changing it fixed ${input.task})`
          : `${when}, read the whole gate output before changing code (${input.task} took a fix loop)`,
        ENTRY_MAX,
      );
      const evidence: LearningEvidence = { task: input.task, source: 'fix-loop', files: [...input.files] };
      if (input.commit) evidence.commit = input.commit;
      if (input.stat) evidence.stat = input.stat;
      return { section: 'GOTCHAS', entry, evidence };
    }
    case 'stuck': {
      const error = oneLine(input.error, 110);
      return {
        section: 'GOTCHAS',
        entry: oneLine(`Agents get stuck on "${error || input.fingerprint}": say how to avoid it`, ENTRY_MAX),
        evidence: { task: input.task, source: 'stuck' },
      };
    }
    case 'conflict': {
      if (input.files.length === 0) return undefined;
      const files = listFiles(input.files);
      return {
        section: 'GOTCHAS',
        entry: oneLine(
          `Tasks that change ${files} at the same time conflict: give it to one task or order them with depends_on (${input.task} had to resolve it)`,
          ENTRY_MAX,
        ),
        evidence: { task: input.task, source: 'conflict', files: [...input.files] },
      };
    }
    case 'scope-approved': {
      if (input.paths.length === 0) return undefined;
      const paths = listFiles(input.paths);
      return {
        section: 'ARCH_DECISIONS',
        entry: oneLine(
          `Work like ${input.task} also touches ${paths}: let its spec own them (the lead approved them beyond its owns)`,
          ENTRY_MAX,
        ),
        evidence: { task: input.task, source: 'scope-approved', files: [...input.paths] },
      };
    }
    case 'reflection': {
      const { section, text } = classifySection(oneLine(input.text, 10_000));
      const entry = oneLine(text, ENTRY_MAX);
      if (!entry) return undefined;
      return {
        section,
        entry,
        evidence: { task: input.task, source: 'reflection', attempt: input.attempt },
      };
    }
    case 'scope-violation': {
      if (input.files.length === 0) return undefined;
      return {
        section: 'ARCH_DECISIONS',
        entry: oneLine(
          `Changes here also touch ${listFiles(input.files)}: include them in the task's owns`,
          ENTRY_MAX,
        ),
        evidence: { task: input.task, source: 'scope-violation', files: [...input.files] },
      };
    }
  }
}

/** Up to three files, then "and N more". */
function listFiles(files: readonly string[]): string {
  const unique = [...new Set(files)].sort();
  if (unique.length <= 3) return unique.join(', ');
  return `${unique.slice(0, 3).join(', ')} and ${unique.length - 3} more`;
}
