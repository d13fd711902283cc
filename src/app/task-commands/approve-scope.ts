// A person accepts the extra paths an agent asked for (result status scope_expansion). The approval is a
// journal event (the ownership gate reads it back through approvedPaths); a task blocked on the request
// goes back to `ready` to continue the same session.
import type { TaskStore } from '../../infra/db/task-store.js';
import { done, move, raced } from './common.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, ScopeResult } from './result.js';

/** The paths the task's latest scope_expansion asked for (from its blocked transition). */
function requestedPaths(store: TaskStore, taskId: string): string[] {
  const asked = store
    .stateHistory(taskId)
    .filter((h) => h.kind === 'scope-expansion')
    .at(-1);
  return asked?.paths ?? [];
}

/** Allows `paths` (default: what the agent asked for) beyond the task's `owns`. */
export function approveScope(
  deps: TaskCommandDeps,
  id: string,
  by: CommandDoor,
  paths: readonly string[] = [],
): ScopeResult {
  const task = deps.store.require(id);
  const chosen = paths.length > 0 ? [...paths] : requestedPaths(deps.store, id);
  if (chosen.length === 0) {
    return {
      kind: 'refused',
      code: 'USAGE',
      message: `task ${id} has no scope request to approve`,
      hint: `name the paths: grove approve-scope ${id} <path-or-glob>...`,
    };
  }
  deps.store.appendEvent(id, { type: 'scope-approval', data: { paths: chosen, by } });
  const resumed = task.state === 'blocked';
  const cause = `scope approved: ${chosen.join(', ')}`;
  // The approval stands even when the task moved meanwhile; only the resume is skipped.
  if (resumed && !move(deps, task, by, 'approve-scope', 'ready', cause, { resume: true })) return raced(id);
  const result = done(
    deps,
    task,
    'approve-scope',
    resumed ? 'ready' : task.state,
    `${id}: allowed ${chosen.join(', ')}${resumed ? '; it continues its session' : ''}`,
  );
  return { ...result, action: 'approve-scope', paths: chosen, resumed };
}
