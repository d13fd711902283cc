// The dependency graph of a plan: tasks and the tasks each depends on.

export interface PlanNode {
  id: string;
  depends_on: readonly string[];
  /** An attempt of a best-of task (src/core/best-of/expand.ts): `group` is the task file's id. */
  bestOf?: { group: string } | undefined;
}

/**
 * Adjacency by id, keeping only dependencies that name a task in the plan. A dependency on a best-of
 * task is one on each of its attempts: the dependent starts once the kept one is merged, after all of
 * them ran.
 */
export function dependencyMap(nodes: readonly PlanNode[]): Map<string, string[]> {
  const ids = new Set(nodes.map((n) => n.id));
  const attempts = new Map<string, string[]>();
  for (const n of nodes)
    if (n.bestOf) attempts.set(n.bestOf.group, [...(attempts.get(n.bestOf.group) ?? []), n.id]);
  const map = new Map<string, string[]>();
  for (const n of nodes) {
    const deps = [...new Set(n.depends_on)].flatMap((d) => attempts.get(d) ?? [d]);
    map.set(n.id, [...new Set(deps)].filter((d) => ids.has(d)).sort());
  }
  return map;
}

/** Every task each task depends on, directly or through others (cycles tolerated). */
export function transitiveDependencies(nodes: readonly PlanNode[]): Map<string, Set<string>> {
  const deps = dependencyMap(nodes);
  const result = new Map<string, Set<string>>();
  for (const id of deps.keys()) {
    const seen = new Set<string>();
    const stack = [...(deps.get(id) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(deps.get(next) ?? []));
    }
    result.set(id, seen);
  }
  return result;
}

/** Two tasks may run at the same time when neither depends on the other, even transitively. */
export function mayRunTogether(closure: Map<string, Set<string>>, a: string, b: string): boolean {
  return a !== b && !closure.get(a)?.has(b) && !closure.get(b)?.has(a);
}
