import { shortHash } from '../stuck.js';
import { mayContradict } from './curation.js';
import { listBullets } from './agents-md.js';
import { draftLearning } from './entry.js';
import { keyTokens, lessonKey, SAME_LESSON, similarity } from './normalise.js';
import type { LearningEvidence, LearningInput, LearningProposal } from './types.js';

export interface AggregateOptions {
  /** The current AGENTS.md, to mark lessons it already states. */
  agentsMd?: string;
  /** Proposals from earlier runs: new evidence joins them; their ids and statuses are kept. */
  existing?: readonly LearningProposal[];
  /** Jaccard similarity from which two lessons are one (default 0.6). */
  threshold?: number;
}

/**
 * Turns the cycle's raw lessons into proposals: one per distinct lesson, with the evidence of every task
 * that taught it. Inputs are taken in order; each joins the first proposal (existing ones first) whose key
 * is similar enough, else starts a new one. New proposals that AGENTS.md already states are marked
 * `already-stated`. Deterministic: the same inputs give the same ids, entries and order.
 */
export function aggregateLearnings(
  inputs: readonly LearningInput[],
  options: AggregateOptions = {},
): LearningProposal[] {
  const threshold = options.threshold ?? SAME_LESSON;
  const proposals: LearningProposal[] = (options.existing ?? []).map((p) => ({
    ...p,
    evidence: p.evidence.map((e) => ({ ...e })),
  }));
  const tokens = proposals.map((p) => new Set(p.key.split(' ').filter(Boolean)));

  for (const input of inputs) {
    const draft = draftLearning(input);
    if (!draft) continue;
    const draftTokens = keyTokens(draft.entry);
    const match = bestMatch(draftTokens, tokens, threshold);
    const target = match === undefined ? undefined : proposals[match];
    if (target) {
      addEvidence(target, draft.evidence);
      continue;
    }
    const key = lessonKey(draft.entry);
    const alreadyStated = isAlreadyStated(draft.entry, options.agentsMd ?? '', threshold);
    proposals.push({
      id: uniqueId(`L${shortHash(`${draft.section}\n${key || draft.entry}`)}`, proposals),
      section: draft.section,
      entry: draft.entry,
      key,
      evidence: [draft.evidence],
      status: alreadyStated ? 'already-stated' : 'proposed',
    });
    tokens.push(draftTokens);
  }
  return proposals;
}

/** The index of the most similar proposal at or above the threshold (the first on a tie). */
function bestMatch(
  draft: ReadonlySet<string>,
  all: ReadonlyArray<ReadonlySet<string>>,
  threshold: number,
): number | undefined {
  let best: number | undefined;
  let bestScore = threshold;
  all.forEach((t, i) => {
    const s = similarity(draft, t);
    if (s >= bestScore && (best === undefined || s > bestScore)) {
      best = i;
      bestScore = s;
    }
  });
  return best;
}

function addEvidence(p: LearningProposal, e: LearningEvidence): void {
  const same = p.evidence.find((x) => x.task === e.task && x.source === e.source && x.commit === e.commit);
  if (!same) {
    p.evidence.push(e);
    return;
  }
  if (e.files?.length) same.files = [...new Set([...(same.files ?? []), ...e.files])].sort();
}

function uniqueId(id: string, proposals: readonly LearningProposal[]): string {
  let candidate = id;
  for (let n = 2; proposals.some((p) => p.id === candidate); n += 1) candidate = `${id}-${n}`;
  return candidate;
}

/**
 * Is this lesson already in AGENTS.md (a bullet similar enough)? A bullet that says the opposite (see
 * mayContradict) does not state it: that proposal is for the person to weigh, not to drop.
 */
export function isAlreadyStated(entry: string, agentsMd: string, threshold = SAME_LESSON): boolean {
  const t = keyTokens(entry);
  const opposite = new Set(mayContradict(entry, agentsMd));
  return listBullets(agentsMd).some(
    (b) => !opposite.has(b.text) && similarity(keyTokens(b.text), t) >= threshold,
  );
}
