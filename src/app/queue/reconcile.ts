// Before the merge queue moves anything, grove sets its state right from git (issue 17, item 4): a
// crash right after the base moved (SIGKILL, a closed terminal) leaves the base holding a task's
// commit while the task is still `integrating`. Its `Grove-Task` trailer on the base says it landed:
// the task becomes `merged` and leaves the queue, so it is never integrated a second time. A checkout
// of the base left at an older commit by such a crash is brought along, as git itself would.
import type { TaskRow } from '../../infra/db/task-store.js';
import { git, gitText } from '../../infra/git/exec.js';
import type { LandedCommit } from '../../infra/git/landed-log.js';
import { landedCommits } from '../../infra/git/landed-log.js';
import { resolveRefs } from '../../infra/git/refs.js';
import type { TaskState } from '../../shared/task-state.js';
import type { ProjectContext } from '../context.js';
import type { ResolvedBase } from '../workspace/base.js';
import { resolveBase } from '../workspace/base.js';
import { inspectCheckout } from './checkout.js';

export interface ReconcileReport {
  /** Tasks found on the base and moved to merged. */
  merged: Array<{ taskId: string; commit: string; from: TaskRow['state'] }>;
  /** What the lead is told, one line each. */
  messages: string[];
}

const looked = new WeakSet<ProjectContext>();

/**
 * The legal way to `merged` from each state a task can still be integrated from: only the queue merges
 * (the table has no `queued → merged`), so reconciling walks the queue's own edges, each journaled.
 */
const TO_MERGED: Partial<Record<TaskState, readonly TaskState[]>> = {
  integrating: ['merged'],
  queued: ['integrating', 'merged'],
  verified: ['queued', 'integrating', 'merged'],
};

/**
 * Finds each task that could still be integrated (verified, queued or integrating) whose trailer is on
 * the base since its branch forked (the merge-base: an id reused by a later task is not confused with
 * an older one), moves it to `merged` with the commit, closes its queue entry and journals why.
 */
export async function reconcileWithBase(ctx: ProjectContext): Promise<ReconcileReport> {
  const report: ReconcileReport = { merged: [], messages: [] };
  if (ctx.config.queue.mode === 'pr') return report;
  const open = ctx.store.list().filter((t) => TO_MERGED[t.state] !== undefined);
  // The checkout is looked at once per process (a start after a crash), then while tasks wait.
  const first = !looked.has(ctx);
  looked.add(ctx);
  if (open.length === 0 && !first) return report;
  const base = await resolveBase(ctx);
  const caughtUp = await catchUpStaleCheckout(ctx, base);
  if (caughtUp) report.messages.push(caughtUp);
  if (open.length === 0) return report;
  const repo = ctx.paths.mainRoot;
  const refs = open.map((t) => `refs/heads/${t.branch ?? `grove/${t.id}`}^{commit}`);
  const tips = await resolveRefs(repo, refs);
  const byForkPoint = new Map<string, Promise<LandedCommit[]>>();
  for (const [i, task] of open.entries()) {
    const tip = tips.get(refs[i]!);
    if (tip === undefined) continue;
    const mb = await git(repo, ['merge-base', base.oid, tip], { okCodes: [0, 1] });
    const fork = mb.stdout.trim();
    if (mb.code !== 0 || fork === '') continue;
    if (!byForkPoint.has(fork)) byForkPoint.set(fork, landedCommits(repo, base.oid, [fork]));
    const landed = (await byForkPoint.get(fork)!).find((c) => c.task === task.id);
    if (landed) markLanded(ctx, task, landed, base.name, report);
  }
  return report;
}

function markLanded(
  ctx: ProjectContext,
  task: TaskRow,
  landed: LandedCommit,
  base: string,
  report: ReconcileReport,
): void {
  const short = landed.commit.slice(0, 8);
  const message = `reconciled: task ${task.id} already on ${base} at ${short} (attempt ${landed.attempt}); marked merged, not integrated again`;
  const cause = `reconciled with git: its work is already on ${base} at ${short} (grove stopped after the base moved)`;
  let from = task.state;
  for (const to of TO_MERGED[task.state] ?? []) {
    const data = to === 'merged' ? { commit: landed.commit } : {};
    if (ctx.store.transition(task.id, to, cause, { expectFrom: [from], data }) !== 'moved') return;
    from = to;
  }
  if (ctx.stores.queue.open().some((e) => e.task_id === task.id))
    ctx.stores.queue.finish(task.id, 'merged', 'reconciled', { commit: landed.commit });
  ctx.store.appendEvent(task.id, {
    type: 'reconcile',
    data: {
      phase: 'merged-on-base',
      base,
      commit: landed.commit,
      attempt: landed.attempt,
      from: task.state,
      message,
    },
  });
  report.merged.push({ taskId: task.id, commit: landed.commit, from: task.state });
  report.messages.push(message);
}

/** How far back along the base's first-parent line a stale checkout is looked for. */
const STALE_LOOKBACK = 50;

/**
 * The base moved but its checkout's index and files are still those of an older commit of the base
 * (nothing else changed: the files match the index, the index is exactly that commit's tree): the
 * checkout is brought to the base with `git read-tree -m -u old new`, git's own two-tree fast-forward,
 * which refuses rather than overwrite anything. Any other difference is the user's work: the hold applies.
 */
async function catchUpStaleCheckout(ctx: ProjectContext, base: ResolvedBase): Promise<string | undefined> {
  const seen = await inspectCheckout(ctx.paths.mainRoot, base.name);
  if (seen.path === undefined || seen.clean || seen.head !== base.oid) return undefined;
  const path = seen.path;
  const unstaged = await git(path, ['diff-files', '--quiet'], { okCodes: [0, 1] });
  if (unstaged.code !== 0) return undefined;
  const indexTree = await gitText(path, ['write-tree']);
  const history = await gitText(ctx.paths.mainRoot, [
    'log',
    '--first-parent',
    `-n${STALE_LOOKBACK}`,
    '--format=%H %T',
    `${base.oid}~1`,
    '--',
  ]).catch(() => '');
  const old = history
    .split('\n')
    .map((l) => l.split(' '))
    .find(([, tree]) => tree === indexTree)?.[0];
  if (old === undefined) return undefined;
  const r = await git(path, ['read-tree', '-m', '-u', old, base.oid], { okCodes: [0, 128] });
  if (r.code !== 0) return undefined;
  const message = `reconciled: your checkout of ${base.name} at ${path} was left at ${old.slice(0, 8)} (grove stopped while moving it); brought to ${base.oid.slice(0, 8)}`;
  ctx.store.appendEvent(null, {
    type: 'reconcile',
    data: { phase: 'checkout-caught-up', base: base.name, path, from: old, to: base.oid, message },
  });
  return message;
}
