import type { ProjectContext } from '../context.js';
import { dependencyResolver } from '../run/best-of.js';
import { MERGED_STATES, NOT_STARTED_STATES, SPAWN_OCCUPYING_STATES } from '../../shared/task-state.js';

/**
 * The tasks `grove spawn` takes without arguments: not spawned yet, every dependency merged, not held
 * back by `skip` (a spec waiting for plan approval), highest priority first, as many as the WIP limit
 * leaves room for.
 */
export function selectReadyTasks(
  ctx: Pick<ProjectContext, 'tasks' | 'store' | 'config' | 'stores'>,
  skip: (id: string) => boolean = () => false,
): string[] {
  const rows = new Map(ctx.store.list().map((r) => [r.id, r]));
  const occupied = [...rows.values()].filter(
    (r) => r.worktree !== null && SPAWN_OCCUPYING_STATES.includes(r.state),
  ).length;
  const slots = Math.max(0, ctx.config.wip - occupied);
  const dependency = dependencyResolver(ctx.tasks, ctx.stores);
  return ctx.tasks
    .filter((t) => {
      const row = rows.get(t.id);
      if (row && (row.worktree !== null || !NOT_STARTED_STATES.includes(row.state))) return false;
      if (skip(t.id)) return false;
      return t.depends_on.every((d) => {
        const dep = rows.get(dependency(d));
        return dep !== undefined && MERGED_STATES.includes(dep.state);
      });
    })
    .sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : 1))
    .slice(0, slots)
    .map((t) => t.id);
}
