import type { ConflictMatrix } from '../../shared/api.js';
import { TERMINAL_STATES } from '../../shared/task-states.js';
import type { ConflictPair, ConflictProblem } from '../../infra/db/conflict-store.js';
import type { MergeTreeResult } from '../../infra/git/merge-tree.js';
import type { CachedMerge } from './merge-cache.js';
import { MergeCache } from './merge-cache.js';
import { mergeTreeMany } from '../../infra/git/merge-tree.js';
import type { ConflictsContext } from './open.js';
import { needsMerge } from '../../core/conflicts/footprint.js';
import { resolveBaseAndBranches } from '../workspace/base.js';
import { footprints } from './footprints.js';
import type { TaskTip } from './tips.js';
import { taskTips } from './tips.js';

/** Tasks whose branch no longer takes part (merged into the base, cleaned up, given up). */

/**
 * The prediction: `pairs` (the dashboard's matrix: task ↔ task) plus each task against the base, what
 * could not be checked and why, which tasks had uncommitted work included, and what is new since the
 * last check.
 */
export interface ConflictReport extends ConflictMatrix {
  base: { name: string; oid: string };
  againstBase: Array<{ task: string; files: string[] }>;
  problems: ConflictProblem[];
  /** Tasks whose uncommitted work was snapshotted into the prediction. */
  snapshots: string[];
  /** Conflicts not present at the previous check (each notified the lead). */
  added: ConflictPair[];
  /** Conflicts present at the previous check and gone now. */
  resolved: ConflictPair[];
  /** Task ↔ task conflicts that are now one side's against the base (the other side landed). */
  moved: ConflictPair[];
  /** Pairs (and tasks against the base) whose merge was checked (run, or remembered). */
  checked: number;
  /** Of `checked`, the merges answered by the cache of earlier checks (same two commit ids). */
  cached: number;
  /** Task pairs known to merge cleanly without a merge: same fork, no shared commits, disjoint paths. */
  provedClean: number;
  durationMs: number;
  mergeTreeMs: number;
}

interface Job {
  a: string;
  b: string;
  against: 'task' | 'base';
  tips: readonly [string, string];
}

type MergeOutcome = MergeTreeResult | CachedMerge;

/**
 * Each job's merge: from the cache when the same two commits were merged by an earlier check, the rest
 * by `mergeTreeMany` (remembered for the next check).
 */
async function mergeJobs(
  cache: MergeCache,
  repo: string,
  jobs: readonly Job[],
): Promise<{ results: MergeOutcome[]; cached: number }> {
  const results: Array<MergeOutcome | undefined> = jobs.map((j) => cache.get(j.tips[0], j.tips[1]));
  const todo = jobs.flatMap((_, k) => (results[k] === undefined ? [k] : []));
  const fresh = await mergeTreeMany(
    repo,
    todo.map((k) => jobs[k]!.tips),
  );
  todo.forEach((k, n) => {
    const r = fresh[n]!;
    results[k] = r;
    cache.set(jobs[k]!.tips[0], jobs[k]!.tips[1], r);
  });
  // A cache that cannot be written costs the next check its speed, never this check its answer.
  await cache.save().catch(() => undefined);
  return { results: results as MergeOutcome[], cached: jobs.length - todo.length };
}

/**
 * Predicts conflicts between every pair of active task branches, and each against the base, with
 * `git merge-tree --stdin` (a few processes side by side; a merge of the same two commits an earlier
 * check ran is remembered in `<stateDir>/cache/merge-tree.json`, see merge-cache.ts); uncommitted work is included through snapshot commits (the worktrees
 * are never touched). Stores the result (ConflictStore), journals each new and resolved conflict, and
 * notifies the lead of each new one. A deleted branch or unrelated histories are reported as problems,
 * never as conflicts.
 */
export async function predictConflicts(
  ctx: ConflictsContext,
  options: { uncommitted?: boolean } = {},
): Promise<ConflictReport> {
  const started = performance.now();
  const repo = ctx.paths.mainRoot;
  const active = ctx.store.list().filter((t) => t.branch !== null && !TERMINAL_STATES.includes(t.state));
  // The cache file is read and checked while git lists the branches.
  const opening = MergeCache.open(ctx.paths.stateDir);
  // The base and every task branch from one `git for-each-ref`.
  const { base, tips: branchTips } = await resolveBaseAndBranches(
    ctx,
    active.map((t) => t.branch ?? ''),
  );
  const tips = await taskTips(repo, active, branchTips, { uncommitted: options.uncommitted ?? true });
  const problems: ConflictProblem[] = tips.flatMap((t) =>
    t.kind === 'missing'
      ? [
          {
            task: t.task,
            kind: 'missing-ref' as const,
            message: `branch ${t.branch} does not exist (deleted by hand?)`,
          },
        ]
      : [],
  );
  const live = tips.filter((t): t is Extract<TaskTip, { kind: 'tip' }> => t.kind === 'tip');
  const cache = await opening;
  const jobs: Job[] = [];
  const undecided: Array<readonly [number, number]> = [];
  let provedClean = 0;
  // The attempts of one best-of task change the same paths on purpose: only one is kept, so they are
  // alternatives, not a conflict to predict.
  const groupOf = new Map(ctx.tasks.map((t) => [t.id, t.bestOf?.group]));
  const rivals = (x: string, y: string): boolean =>
    groupOf.get(x) !== undefined && groupOf.get(x) === groupOf.get(y);
  const pairJob = (i: number, j: number): Job => {
    const [x, y] = live[i]!.task < live[j]!.task ? [live[i]!, live[j]!] : [live[j]!, live[i]!];
    return { a: x.task, b: y.task, against: 'task', tips: [x.commit, y.commit] };
  };
  for (let i = 0; i < live.length; i++) {
    const a = live[i]!;
    jobs.push({ a: a.task, b: base.name, against: 'base', tips: [base.oid, a.commit] });
    for (let j = i + 1; j < live.length; j++) {
      const b = live[j]!;
      if (a.commit === b.commit || rivals(a.task, b.task)) continue;
      const job = pairJob(i, j);
      // Decided by an earlier check on the same three commits: merged (the job's merge is cached) or
      // proved clean; otherwise the footprints decide below.
      if (cache.has(job.tips[0], job.tips[1])) jobs.push(job);
      else if (cache.provedClean(base.oid, job.tips[0], job.tips[1])) provedClean++;
      else undecided.push([i, j]);
    }
  }
  if (undecided.length > 0) {
    const prints = await footprints(
      repo,
      base.oid,
      live.map((t) => t.commit),
    );
    for (const [i, j] of undecided) {
      const job = pairJob(i, j);
      const [pa, pb] = [prints[i], prints[j]];
      if (pa !== undefined && pb !== undefined && !needsMerge(pa, pb)) {
        provedClean++;
        cache.setProvedClean(base.oid, job.tips[0], job.tips[1]);
      } else jobs.push(job);
    }
  }
  const mergeStarted = performance.now();
  const { results, cached } = await mergeJobs(cache, repo, jobs);
  const mergeTreeMs = performance.now() - mergeStarted;
  const found: ConflictPair[] = [];
  jobs.forEach((job, k) => {
    const r: MergeOutcome = results[k] ?? { kind: 'missing-ref', ref: '' };
    switch (r.kind) {
      case 'clean':
        return;
      case 'conflict':
        found.push({
          a: job.a,
          b: job.b,
          against: job.against,
          files: r.files,
          aTip: job.tips[0],
          bTip: job.tips[1],
        });
        return;
      case 'unrelated':
        problems.push({
          task: job.a,
          kind: 'unrelated',
          message: `${job.a} and ${job.b} have no history in common (git merge-tree: unrelated histories)`,
        });
        return;
      case 'missing-ref':
        problems.push({
          task: job.a,
          kind: 'missing-ref',
          message: `${r.ref || 'a branch'} vanished while ${job.a} and ${job.b} were checked`,
        });
        return;
    }
  });
  const durationMs = performance.now() - started;
  const stored = ctx.stores.conflicts.replace(found, {
    durationMs,
    tasks: live.map((t) => t.task),
    pairs: jobs.length + provedClean,
    problems,
  });
  const notifications = ctx.stores.notifications;
  for (const p of stored.added) {
    const other = p.against === 'base' ? `the base ${p.b}` : p.b;
    notifications.add({
      taskId: p.a,
      kind: 'conflict',
      message: `${p.a} and ${other} are predicted to conflict in ${p.files.join(', ')}`,
    });
  }
  const strip = (rows: readonly ConflictPair[]): ConflictPair[] =>
    rows.map(({ a, b, against, files, aTip, bTip }) => ({ a, b, against, files, aTip, bTip }));
  return {
    tasks: live.map((t) => t.task),
    pairs: found.filter((p) => p.against === 'task').map(({ a, b, files }) => ({ a, b, files })),
    note: live.some((t) => t.snapshot) ? 'uncommitted work included through snapshot commits' : null,
    base,
    againstBase: found.filter((p) => p.against === 'base').map((p) => ({ task: p.a, files: p.files })),
    problems,
    snapshots: live.filter((t) => t.snapshot).map((t) => t.task),
    added: strip(stored.added),
    resolved: strip(stored.resolved),
    moved: strip(stored.moved),
    checked: jobs.length,
    cached,
    provedClean,
    durationMs,
    mergeTreeMs,
  };
}
