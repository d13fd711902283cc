// `grove approve-scope`: a person accepts the extra paths an agent asked for (result status
// scope_expansion). Approvals are journal events; the ownership gate accepts those paths from then on,
// and a task blocked on the request goes back to `ready` to continue the same session.
import { GroveError } from '../../shared/errors.js';
import { parseJournalEvent } from '../../shared/journal-event.js';
import type { TaskStore } from '../../infra/db/task-store.js';
import type { ProjectContext } from '../context.js';

export function approvedPaths(
  ctx: Pick<ProjectContext, 'store'> & { db: ProjectContext['db'] },
  taskId: string,
): string[] {
  const rows = ctx.db
    .prepare("SELECT data FROM events WHERE task_id = ? AND type = 'scope-approval' ORDER BY id")
    .all(taskId) as Array<{ data: string }>;
  return [
    ...new Set(
      rows.flatMap((r) => {
        const event = parseJournalEvent('scope-approval', r.data);
        return event.type === 'scope-approval' ? event.data.paths : [];
      }),
    ),
  ];
}

/** The paths the task's latest scope_expansion asked for (from its blocked transition). */
function requestedPaths(store: TaskStore, taskId: string): string[] {
  const asked = store
    .stateHistory(taskId)
    .filter((h) => h.kind === 'scope-expansion')
    .at(-1);
  const paths = asked?.['paths'];
  return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
}

export interface ScopeApproval {
  paths: string[];
  resumed: boolean;
}

export function approveScope(
  ctx: { store: TaskStore },
  taskId: string,
  paths: readonly string[],
): ScopeApproval {
  const task = ctx.store.require(taskId);
  const chosen = paths.length > 0 ? [...paths] : requestedPaths(ctx.store, taskId);
  if (chosen.length === 0) {
    throw new GroveError('USAGE', `task ${taskId} has no scope request to approve`, {
      hint: `name the paths: grove approve-scope ${taskId} <path-or-glob>...`,
    });
  }
  ctx.store.appendEvent(taskId, { type: 'scope-approval', data: { paths: chosen, by: 'lead' } });
  const resumed =
    task.state === 'blocked' &&
    ctx.store.transition(taskId, 'ready', `scope approved: ${chosen.join(', ')}`, {
      expectFrom: ['blocked'],
      data: { resume: true, action: 'approve-scope', by: 'lead' },
    }) === 'moved';
  return { paths: chosen, resumed };
}
