// The order `grove plan` shows for tasks whose `owns` overlap, as the scheduler will run them (config
// `run_overlapping` off; src/core/scheduler/overlap.ts): within a wave, a task does not start while an
// overlapping task that went before it holds the paths; it starts once that task is merged, from a base
// that contains it. Who goes first is the scheduler's start order: priority (highest first), then id.
import type { OwnershipOverlap } from './parallel-safety.js';
import { describeShared } from './parallel-safety.js';

export interface TurnTask {
  id: string;
  priority: number;
}

export interface OverlapTurns {
  /** Per wave, its task ids in the order they start: by turn, then priority (highest first), then id. */
  order: string[][];
  /** Per task: its turn in its wave (0 first); tasks of one turn may run together. */
  turn: Record<string, number>;
  /** Per task: the overlapping tasks of its wave that go first (it starts once they are merged). */
  after: Record<string, Array<{ id: string; shared: string }>>;
  /** Overlapping pairs in different waves: never at the same time, whichever starts first goes first. */
  acrossWaves: Array<{ a: string; b: string; shared: string }>;
}

export function overlapTurns(
  tasks: readonly TurnTask[],
  waves: readonly string[][],
  overlaps: readonly OwnershipOverlap[],
): OverlapTurns {
  const priority = new Map(tasks.map((t) => [t.id, t.priority]));
  const waveOf = new Map(waves.flatMap((w, i) => w.map((id) => [id, i] as const)));
  const shared = new Map<string, Map<string, string>>();
  const link = (x: string, y: string, s: string): void => {
    shared.set(x, (shared.get(x) ?? new Map<string, string>()).set(y, s));
  };
  const acrossWaves: OverlapTurns['acrossWaves'] = [];
  for (const o of overlaps) {
    const s = describeShared(o);
    if (waveOf.get(o.a) === undefined || waveOf.get(o.a) !== waveOf.get(o.b)) {
      acrossWaves.push({ a: o.a, b: o.b, shared: s });
      continue;
    }
    link(o.a, o.b, s);
    link(o.b, o.a, s);
  }
  const startOrder = (a: string, b: string): number =>
    (priority.get(b) ?? 0) - (priority.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);

  const after: OverlapTurns['after'] = {};
  const turns: OverlapTurns['turn'] = {};
  const order = waves.map((wave) => {
    // Turns as the scheduler takes them: in start order, a task starts in the first turn in which no
    // overlapping task that starts before it (in an earlier turn, or earlier in this one) still runs.
    const turn = new Map<string, number>();
    const pending = [...wave].sort(startOrder);
    for (let t = 0; pending.length > 0; t++) {
      const running = new Set<string>();
      for (const id of [...pending]) {
        const mine = shared.get(id) ?? new Map<string, string>();
        if ([...running].some((r) => mine.has(r))) continue;
        // Overlapping tasks that started in an earlier turn are merged by now: it starts after them.
        running.add(id);
        turn.set(id, t);
        pending.splice(pending.indexOf(id), 1);
      }
    }
    for (const id of wave) {
      turns[id] = turn.get(id) ?? 0;
      const before = [...(shared.get(id) ?? new Map<string, string>())]
        .filter(([o]) => (turn.get(o) ?? 0) < (turn.get(id) ?? 0))
        .sort(([x], [y]) => startOrder(x, y))
        .map(([o, s]) => ({ id: o, shared: s }));
      if (before.length > 0) after[id] = before;
    }
    return [...wave].sort((a, b) => (turn.get(a) ?? 0) - (turn.get(b) ?? 0) || startOrder(a, b));
  });
  return { order, turn: turns, after, acrossWaves };
}
