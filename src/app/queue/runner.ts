// The merge queue's driver: rounds one after another while tasks wait, one queue per repository.
import { processStartTime } from '../../infra/process/liveness.js';
import type { ProjectContext } from '../context.js';
import type { CheckoutOutcome } from './checkout.js';
import type { CheckoutHold } from './checkout-hold.js';
import { holdForCheckout } from './checkout-hold.js';
import { parkCulprit } from './park.js';
import type { BaseHold } from './base-guard.js';
import { guardBase } from './base-guard.js';
import { reconcileWithBase } from './reconcile.js';
import type { RoundResult } from './round.js';
import { runRound } from './round.js';
import type { QueueFailure, QueueHooks, QueueRunner } from './types.js';
import { QUEUE_LOCK } from './types.js';
import { removeIntegrationWorktrees } from './integration-cleanup.js';

/** What `integrateNow` did. */
export interface QueueRoundReport {
  rounds: number;
  merged: Array<{ taskId: string; commit: string }>;
  culprits: Array<{ taskId: string; failure: QueueFailure }>;
  /** PR mode: the pull requests opened. */
  pullRequests: Array<{ taskId: string; url: string }>;
  notes: string[];
  /** Each round's window and why ("round 2: window 4 (max 8): 2 cores, …"). */
  windows: string[];
  checkout: CheckoutOutcome | undefined;
}

/** Runs one round under the queue lock; `held` when another process runs the queue. */
async function lockedRound(
  ctx: ProjectContext,
  hooks: QueueHooks,
): Promise<
  RoundResult | { kind: 'held'; by: string } | { kind: 'checkout-held'; hold: CheckoutHold | BaseHold }
> {
  const locks = ctx.stores.locks;
  const pid = process.pid;
  const got = locks.acquire(QUEUE_LOCK, {
    pid,
    processStart: processStartTime(pid) ?? 'unknown',
    info: 'merge queue',
  });
  if (got.kind === 'held') return { kind: 'held', by: `pid ${got.by.pid}` };
  try {
    // The base moved by someone else (an agent, a reset): nothing is integrated until the lead decides.
    const baseHold = await guardBase(ctx, hooks.notify?.bind(hooks));
    if (baseHold) return { kind: 'checkout-held', hold: baseHold };
    // Git first: a task whose trailer is already on the base is merged, never integrated again.
    for (const message of (await reconcileWithBase(ctx)).messages) {
      const n = { kind: 'reconciled', taskId: null, message };
      if (hooks.notify) hooks.notify(n);
      else ctx.stores.notifications.add(n);
    }
    const hold = await holdForCheckout(ctx, hooks.notify?.bind(hooks));
    if (hold) return { kind: 'checkout-held', hold };
    return await runRound(ctx, hooks);
  } finally {
    locks.release(QUEUE_LOCK, pid);
  }
}

/**
 * Runs the queue now until nothing waits (`grove integrate` without `grove run`). Culprits go to
 * `hooks.onCulprit` when given (the task is left `integrating` for it), else they are parked:
 * `conflict` or `blocked`, with a notification.
 */
export async function integrateNow(
  ctx: ProjectContext,
  options: { hooks?: QueueHooks; maxRounds?: number } = {},
): Promise<QueueRoundReport> {
  const report: QueueRoundReport = {
    rounds: 0,
    merged: [],
    culprits: [],
    pullRequests: [],
    notes: [],
    windows: [],
    checkout: undefined,
  };
  const hooks: QueueHooks = {
    onMerged: (id, commit) => options.hooks?.onMerged(id, commit),
    notify: (n) => {
      if (n.kind === 'reconciled') report.notes.push(n.message);
      if (options.hooks?.notify) options.hooks.notify(n);
      else ctx.stores.notifications.add(n);
    },
    onCulprit: (id, failure) => {
      if (options.hooks) options.hooks.onCulprit(id, failure);
      else parkCulprit(ctx, id, failure);
    },
  };
  const max = options.maxRounds ?? 1000;
  for (let i = 0; i < max; i++) {
    const r = await lockedRound(ctx, hooks);
    if (r.kind === 'idle') break;
    if (r.kind === 'held') {
      report.notes.push(
        `the merge queue is being run by another grove process (${r.by}); try again when it is idle`,
      );
      break;
    }
    if (r.kind === 'checkout-held') {
      report.notes.push(r.hold.message);
      break;
    }
    if (r.kind === 'prs') {
      report.pullRequests.push(...r.prs);
      continue;
    }
    if (r.kind === 'changed') {
      report.notes.push(r.note);
      continue;
    }
    report.rounds++;
    report.windows.push(`round ${report.rounds}: ${r.windowWhy}`);
    report.merged.push(...r.merged);
    if (r.culprit) report.culprits.push(r.culprit);
    if (r.note && !report.notes.includes(r.note)) report.notes.push(r.note);
    if (r.checkout) report.checkout = r.checkout;
  }
  const cleanup = await cleanUpIntegration(ctx);
  if (cleanup) report.notes.push(cleanup);
  return report;
}

/** Removes the integration worktrees once the queue stops; a failure is said, never thrown. */
async function cleanUpIntegration(ctx: ProjectContext): Promise<string | undefined> {
  try {
    await removeIntegrationWorktrees(ctx);
    return undefined;
  } catch (error) {
    return `the integration worktrees could not be removed (\`grove clean\` tries again): ${(error as Error).message}`;
  }
}

/** The queue under `grove run`/`up`: rounds while tasks wait; `kick()` after enqueueing. */
export function startQueueRunner(
  ctx: ProjectContext,
  hooks: QueueHooks,
  options: { pollMs?: number } = {},
): QueueRunner {
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;
  let idleWaiters: Array<() => void> = [];
  const settleIdle = (): void => {
    const w = idleWaiters;
    idleWaiters = [];
    for (const f of w) f();
  };
  const loop = async (): Promise<void> => {
    do {
      again = false;
      for (;;) {
        if (stopped) return;
        let r: Awaited<ReturnType<typeof lockedRound>>;
        try {
          r = await lockedRound(ctx, hooks);
        } catch (error) {
          ctx.stores.notifications.add({
            taskId: null,
            kind: 'queue-error',
            message: `the merge queue stopped a round: ${(error as Error).message}`,
          });
          break;
        }
        if (r.kind === 'idle' || r.kind === 'held' || r.kind === 'checkout-held') break;
      }
    } while (again && !stopped);
  };
  const kick = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = loop().finally(() => {
      running = undefined;
      settleIdle();
    });
  };
  const timer = setInterval(kick, options.pollMs ?? 1000);
  timer.unref();
  kick();
  return {
    kick,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
      const problem = await cleanUpIntegration(ctx);
      if (problem) ctx.stores.notifications.add({ taskId: null, kind: 'queue-error', message: problem });
    },
    whenIdle: () => (running ? new Promise<void>((resolve) => idleWaiters.push(resolve)) : Promise.resolve()),
  };
}
