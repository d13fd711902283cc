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

/**
 * Every pair of tasks that may run together and whose `owns` globs may share a path (attempts of the
 * same best-of task aside).
 */
export function ownershipOverlaps(nodes: readonly OwningNode[]): OwnershipOverlap[] {
  const closure = transitiveDependencies(nodes);
  const sorted = [...nodes].sort((x, y) => x.id.localeCompare(y.id));
  const overlaps: OwnershipOverlap[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const x = sorted[i] as OwningNode;
      const y = sorted[j] as OwningNode;
      if (!mayRunTogether(closure, x.id, y.id)) continue;
      // The attempts of one best-of task own the same paths by design: they race, only one is kept.
      if (x.bestOf !== undefined && x.bestOf.group === y.bestOf?.group) continue;
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

/**
 * What two overlapping tasks both own, as the lead reads it: the paths grove proved both match
 * (`src/utils.ts`), else the globs that may overlap (`src/**` ~ `lib/*.ts`).
 */
export function describeShared(overlap: OwnershipOverlap): string {
  const examples = [...new Set(overlap.clashes.flatMap((c) => (c.example ? [c.example] : [])))];
  const parts =
    examples.length > 0
      ? examples
      : [...new Set(overlap.clashes.map((c) => (c.a === c.b ? c.a : `${c.a} ~ ${c.b}`)))];
  return parts.length > 2 ? `${parts.slice(0, 2).join(', ')} and ${parts.length - 2} more` : parts.join(', ');
}
