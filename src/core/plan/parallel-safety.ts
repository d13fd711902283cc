// Parallel safety: tasks that may run at the same time must not own the same paths.
import { compareGlobs } from '../ownership.js';
import type { PlanNode } from './graph.js';
import { mayRunTogether, transitiveDependencies } from './graph.js';

export interface OwningNode extends PlanNode {
  owns: readonly string[];
}

export interface GlobClash {
  a: string;
  b: string;
  /** `proven`: `example` matches both; `possible`: grove could not rule it out. */
  certainty: 'proven' | 'possible';
  example?: string;
}

export interface OwnershipOverlap {
  /** The two tasks, `a` < `b`. */
  a: string;
  b: string;
  clashes: GlobClash[];
}

/** Every pair of tasks that may run together and whose `owns` globs may share a path. */
export function ownershipOverlaps(nodes: readonly OwningNode[]): OwnershipOverlap[] {
  const closure = transitiveDependencies(nodes);
  const sorted = [...nodes].sort((x, y) => x.id.localeCompare(y.id));
  const overlaps: OwnershipOverlap[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const x = sorted[i] as OwningNode;
      const y = sorted[j] as OwningNode;
      if (!mayRunTogether(closure, x.id, y.id)) continue;
      const clashes: GlobClash[] = [];
      for (const ga of x.owns) {
        for (const gb of y.owns) {
          const c = compareGlobs(ga, gb);
          if (c.kind === 'overlap') clashes.push({ a: ga, b: gb, certainty: 'proven', example: c.example });
          else if (c.kind === 'unknown') clashes.push({ a: ga, b: gb, certainty: 'possible' });
        }
      }
      if (clashes.length > 0) overlaps.push({ a: x.id, b: y.id, clashes });
    }
  }
  return overlaps;
}
