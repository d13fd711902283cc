// The paths a person allowed beyond a task's `owns` (journal events of type scope-approval, written by
// the approve-scope task command in src/app/task-commands/approve-scope.ts): the ownership gate accepts
// them from then on.
import { parseJournalEvent } from '../../shared/journal-event.js';
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
