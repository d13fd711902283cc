// Merging one learning proposal into another (grove retro's m, the dashboard's Merge into): the same
// lesson found twice is one proposal with both pieces of evidence. The target keeps waiting for a
// decision (in the merged words when given); the merged one is closed as rejected, journaled with
// `into`. Merging into an AGENTS.md entry instead is `mergeLearning` (agents-md-retire.ts).
import type { LearningProposal } from '../../core/learnings/index.js';
import { lessonKey } from '../../core/learnings/index.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, CommandRefused } from './result.js';

export interface ProposalsMerged {
  kind: 'done';
  into: LearningProposal;
  message: string;
}

const OPEN = new Set(['proposed', 'already-stated']);

export function mergeProposals(
  deps: Pick<TaskCommandDeps, 'stores'>,
  id: string,
  intoId: string,
  by: CommandDoor,
  opts: { entry?: string } = {},
): ProposalsMerged | CommandRefused {
  const store = deps.stores.learnings;
  const from = store.get(id);
  const into = store.get(intoId);
  const missing = [from ? undefined : id, into ? undefined : intoId].filter((x) => x !== undefined);
  if (missing.length > 0)
    return {
      kind: 'refused',
      code: 'USAGE',
      message: `no learning proposal ${missing.join(', ')}`,
      hint: 'list them with `grove retro --json`',
    };
  if (id === intoId) return { kind: 'refused', code: 'USAGE', message: `${id} cannot be merged into itself` };
  if (!OPEN.has(from!.status) || !OPEN.has(into!.status))
    return {
      kind: 'refused',
      code: 'STATE_INVALID',
      message: `only proposals still waiting for a decision merge (${id} is ${from!.status}, ${intoId} is ${into!.status})`,
    };
  const entry = opts.entry?.trim();
  if (entry !== undefined && (entry === '' || entry.includes('\n')))
    return {
      kind: 'refused',
      code: 'USAGE',
      message: `the merged entry must be one non-empty line`,
      hint: 'write the lesson as one short sentence',
    };
  const evidence = [...into!.evidence];
  for (const e of from!.evidence)
    if (!evidence.some((x) => x.task === e.task && x.source === e.source && x.commit === e.commit))
      evidence.push(e);
  const merged: LearningProposal = {
    ...into!,
    ...(entry ? { entry, key: lessonKey(entry) } : {}),
    evidence,
    status: 'proposed',
  };
  store.saveAll([merged]);
  store.decide(id, 'rejected', undefined, by, intoId);
  return {
    kind: 'done',
    into: merged,
    message: `${id} merged into ${intoId}: "${merged.entry}" (${evidence.length} pieces of evidence)`,
  };
}
