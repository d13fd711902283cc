// Waves: the topological levels of the plan. Every task in a wave depends only on earlier waves, so
// the tasks of one wave can run together (WIP limit permitting).
import type { PlanNode } from './graph.js';
import { dependencyMap } from './graph.js';

export interface Waves {
  /** waves[0] has the tasks with no dependencies; ids sorted within a wave. */
  waves: string[][];
  /** Tasks that can never start: in a cycle, or depending (transitively) on one. */
  blocked: string[];
}

export function planWaves(nodes: readonly PlanNode[]): Waves {
  const deps = dependencyMap(nodes);
  const level = new Map<string, number>();
  const waves: string[][] = [];
  let remaining = [...deps.keys()].sort();
  for (;;) {
    const wave = remaining.filter((id) => (deps.get(id) ?? []).every((d) => level.has(d)));
    if (wave.length === 0) break;
    for (const id of wave) level.set(id, waves.length);
    waves.push(wave);
    remaining = remaining.filter((id) => !level.has(id));
  }
  return { waves, blocked: remaining };
}
