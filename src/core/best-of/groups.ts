// The attempts of each best-of task, and what a dependency on the task file's id means. Pure.
import type { TaskState } from '../../shared/task-state.js';
import { DEAD_DEPENDENCY_STATES, MERGED_STATES } from '../../shared/task-state.js';

/** Group id → its attempts' task ids, in attempt order. */
export type BestOfGroups = ReadonlyMap<string, readonly string[]>;

export function bestOfGroups(
  specs: ReadonlyArray<{ id: string; bestOf?: { group: string; index: number } | undefined }>,
): BestOfGroups {
  const groups = new Map<string, Array<{ id: string; index: number }>>();
  for (const s of specs) {
    if (!s.bestOf) continue;
    const list = groups.get(s.bestOf.group) ?? [];
    list.push({ id: s.id, index: s.bestOf.index });
    groups.set(s.bestOf.group, list);
  }
  return new Map(
    [...groups].map(([g, list]) => [g, list.sort((a, b) => a.index - b.index).map((m) => m.id)]),
  );
}

/**
 * The task a dependency stands for. A best-of task's id stands for the attempt that is kept: the one
 * merged, else the pick while it is alive, else any attempt still alive, else the first (dead, so the
 * dependent is blocked with the reason). Any other id stands for itself.
 */
export function resolveDependency(
  dep: string,
  groups: BestOfGroups,
  stateOf: (id: string) => TaskState | undefined,
  pickOf: (group: string) => string | undefined = () => undefined,
): string {
  const members = groups.get(dep);
  if (!members || members.length === 0) return dep;
  const merged = members.find((m) => MERGED_STATES.includes(stateOf(m) ?? 'planned'));
  if (merged) return merged;
  const alive = (m: string): boolean => !DEAD_DEPENDENCY_STATES.includes(stateOf(m) ?? 'planned');
  const pick = pickOf(dep);
  if (pick !== undefined && members.includes(pick) && alive(pick)) return pick;
  return members.find(alive) ?? members[0]!;
}
