// Deciding learning proposals, the one implementation behind `grove retro` and the dashboard's
// accept / edit / reject: accepted entries (an edited entry replaces the proposed one) go into AGENTS.md
// under their section at once, with the CLAUDE.md import when Claude Code is in use; rejecting changes
// no file. Unknown ids decide nothing.
import type { AcceptedEntry, LearningProposal } from '../../core/learnings/index.js';
import { applyToAgentsMd } from '../compound/retro.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, LearningResult, LearningsDecided } from './result.js';

export type LearningDecision = { kind: 'accept'; entry?: string } | { kind: 'reject' };

const isOneLine = (text: string): boolean => text.trim() !== '' && !text.includes('\n');

function describe(accepted: LearningProposal[], rejected: LearningProposal[]): string {
  const lines = [
    ...accepted.map((p) => `${p.id} accepted: AGENTS.md ${p.section} gained "${p.entry}"`),
    ...rejected.map((p) => `${p.id} rejected`),
  ];
  return lines.join('\n') || 'nothing decided';
}

export async function decideLearnings(
  deps: TaskCommandDeps,
  decisions: ReadonlyArray<{ id: string; decision: LearningDecision }>,
  by: CommandDoor,
  opts: { commit?: boolean } = {},
): Promise<LearningResult> {
  const store = deps.stores.learnings;
  const known = new Map(store.list().map((p) => [p.id, p]));
  const unknown = decisions.filter((d) => !known.has(d.id)).map((d) => d.id);
  if (unknown.length > 0) {
    return {
      kind: 'refused',
      code: 'USAGE',
      message: `no learning proposal ${unknown.join(', ')}`,
      hint: 'list them with `grove retro --json`',
    };
  }
  const badEntry = decisions.find(
    (d) => d.decision.kind === 'accept' && d.decision.entry !== undefined && !isOneLine(d.decision.entry),
  );
  if (badEntry) {
    return {
      kind: 'refused',
      code: 'USAGE',
      message: `the edited entry for ${badEntry.id} must be one non-empty line`,
      hint: 'write the lesson as one short sentence',
    };
  }
  const accepted: LearningProposal[] = [];
  const rejected: LearningProposal[] = [];
  const entries: AcceptedEntry[] = [];
  for (const { id, decision } of decisions) {
    const p = known.get(id)!;
    if (decision.kind === 'reject') {
      store.decide(id, 'rejected', undefined, by);
      rejected.push({ ...p, status: 'rejected' });
      continue;
    }
    const entry = decision.entry?.trim() ?? p.entry;
    store.decide(id, 'accepted', entry === p.entry ? undefined : entry, by);
    accepted.push({ ...p, entry, status: 'accepted' });
    entries.push({ section: p.section, entry });
  }
  const applied = await applyToAgentsMd(deps, entries, { commit: opts.commit === true });
  const decided: LearningsDecided = {
    kind: 'done',
    accepted,
    rejected,
    applied,
    message: describe(accepted, rejected),
  };
  return decided;
}
