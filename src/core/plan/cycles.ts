// Dependency cycles, each named by its tasks in order (`a → b → c → a`).
import type { PlanNode } from './graph.js';
import { dependencyMap } from './graph.js';

/**
 * Every dependency cycle, as the list of tasks along it (the first task is the smallest id; a task
 * depending on itself is a cycle of one). Found from the strongly connected components (Tarjan), so
 * each group of tasks that wait on each other is reported once, deterministically.
 */
export function findCycles(nodes: readonly PlanNode[]): string[][] {
  const deps = dependencyMap(nodes);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of deps.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = component.length === 1 && (deps.get(v) ?? []).includes(v);
      if (component.length > 1 || selfLoop) components.push(component);
    }
  };
  for (const id of [...deps.keys()].sort()) if (!index.has(id)) visit(id);

  return components.map((c) => cycleThrough(c, deps)).sort((x, y) => (x[0] ?? '').localeCompare(y[0] ?? ''));
}

/** A concrete cycle inside one strongly connected component, starting from its smallest id. */
function cycleThrough(component: string[], deps: Map<string, string[]>): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0] as string;
  // Breadth-first from `start` back to `start`, within the component: the shortest cycle through it.
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift() as string;
    for (const w of deps.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(parent.get(path[0] as string) as string);
        return path;
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/** `a → b → a` */
export function formatCycle(cycle: readonly string[]): string {
  return [...cycle, cycle[0]].join(' → ');
}
