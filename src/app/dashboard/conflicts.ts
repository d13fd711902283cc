import type { ConflictMatrix } from '../../shared/api.js';
import { TERMINAL_STATES } from '../../shared/task-state.js';
import type { TaskStore } from '../../infra/db/task-store.js';
import { mergeTreeMany } from '../../infra/git/merge-tree.js';
import { resolveRefs } from '../../infra/git/refs.js';

const NOTE =
  "predicted from each task's committed branch with git merge-tree (uncommitted work is not included)";

/**
 * Predicts which task branches conflict with each other: every pair of live task branches merged in
 * memory by ONE `git merge-tree --stdin`. The result is cached by the branch tips, so asking again
 * costs one `cat-file` until a branch moves.
 */
export class ConflictPredictor {
  private cache: { key: string; matrix: ConflictMatrix } | undefined;
  private inflight: Promise<ConflictMatrix> | undefined;

  constructor(
    private readonly repoRoot: string,
    private readonly tasks: TaskStore,
  ) {}

  /** The last matrix computed, if any (the board's badges; never waits for git). */
  cached(): ConflictMatrix | undefined {
    return this.cache?.matrix;
  }

  /** The current matrix; concurrent callers share one computation. */
  matrix(): Promise<ConflictMatrix> {
    this.inflight ??= this.compute().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async compute(): Promise<ConflictMatrix> {
    const live = this.tasks.list().filter((t) => t.branch !== null && !TERMINAL_STATES.includes(t.state));
    const tips = await resolveRefs(
      this.repoRoot,
      live.map((t) => `${t.branch!}^{commit}`),
    );
    const withTip = live.flatMap((t) => {
      const tip = tips.get(`${t.branch!}^{commit}`);
      return tip === undefined ? [] : [{ id: t.id, tip }];
    });
    const key = withTip.map((t) => `${t.id}:${t.tip}`).join(' ');
    if (this.cache?.key === key) return this.cache.matrix;
    const pairs: Array<{ a: string; b: string; tips: readonly [string, string] }> = [];
    for (let i = 0; i < withTip.length; i++) {
      for (let j = i + 1; j < withTip.length; j++) {
        const a = withTip[i]!;
        const b = withTip[j]!;
        if (a.tip !== b.tip) pairs.push({ a: a.id, b: b.id, tips: [a.tip, b.tip] });
      }
    }
    const results = await mergeTreeMany(
      this.repoRoot,
      pairs.map((p) => p.tips),
    );
    const matrix: ConflictMatrix = {
      tasks: withTip.map((t) => t.id),
      pairs: pairs.flatMap((p, i) => {
        const r = results[i];
        return r?.kind === 'conflict' ? [{ a: p.a, b: p.b, files: r.files }] : [];
      }),
      note: NOTE,
    };
    this.cache = { key, matrix };
    return matrix;
  }
}

/** Task id → the ids it is predicted to conflict with. */
export function conflictsByTask(matrix: ConflictMatrix | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of matrix?.pairs ?? []) {
    out.set(p.a, [...(out.get(p.a) ?? []), p.b]);
    out.set(p.b, [...(out.get(p.b) ?? []), p.a]);
  }
  return out;
}
