// Curating AGENTS.md beyond accepting proposals: retiring an entry that no longer holds, and merging a
// proposal into an entry (accepted in the merged words, the old entry retired). The one implementation
// behind `grove retro --retire / --merge` and the dashboard's Retire; each retirement is journaled.
import { GroveError } from '../../shared/errors.js';
import { removeEntry } from '../../core/learnings/index.js';
import { readAgentsMd } from '../compound/gather.js';
import { noSuchEntry, retireEntry } from '../compound/retire.js';
import { decideLearnings } from './learning-decide.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, CommandRefused, LearningsDecided } from './result.js';

export interface Retired {
  kind: 'done';
  retired: string;
  committed: boolean;
  message: string;
}

function refusedFrom(error: unknown): CommandRefused {
  if (!(error instanceof GroveError)) throw error;
  return {
    kind: 'refused',
    code: error.code,
    message: error.message,
    ...(error.hint ? { hint: error.hint } : {}),
  };
}

export async function retireAgentsMdEntry(
  deps: Pick<TaskCommandDeps, 'paths' | 'stores'>,
  entry: string,
  by: CommandDoor,
  opts: { commit?: boolean; message?: string } = {},
): Promise<Retired | CommandRefused> {
  try {
    const r = await retireEntry(deps, entry, {
      commit: opts.commit === true,
      message: opts.message ?? 'AGENTS.md: an entry retired',
    });
    deps.stores.learnings.retired(r.removed, by);
    return {
      kind: 'done',
      retired: r.removed,
      committed: r.committed,
      message: `retired "${r.removed}" from AGENTS.md${r.committed ? ' (committed)' : ' (not committed: commit it when ready)'}`,
    };
  } catch (error) {
    return refusedFrom(error);
  }
}

/** The proposal accepted as `entry`, and the AGENTS.md entry `into` retired: one merged lesson. */
export async function mergeLearning(
  deps: TaskCommandDeps,
  id: string,
  into: string,
  entry: string,
  by: CommandDoor,
  opts: { commit?: boolean } = {},
): Promise<{ kind: 'done'; accepted: LearningsDecided; retired: Retired | CommandRefused } | CommandRefused> {
  // The entry merged into must be there before anything is accepted: nothing half done.
  const agentsMd = readAgentsMd(deps);
  if (!removeEntry(agentsMd, into).removed) return refusedFrom(noSuchEntry(agentsMd, into));
  const accepted = await decideLearnings(deps, [{ id, decision: { kind: 'accept', entry } }], by);
  if (accepted.kind === 'refused') return accepted;
  const retired = await retireAgentsMdEntry(deps, into, by, {
    ...(opts.commit !== undefined ? { commit: opts.commit } : {}),
    message: `AGENTS.md: ${id} merged into an entry`,
  });
  return { kind: 'done', accepted, retired };
}
