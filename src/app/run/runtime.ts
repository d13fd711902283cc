// What the run loop's modules share: the project, its stores, the attempt monitor, the notifier,
// the verify/queue ports and the gate outcomes computed in this process.
import type { AttemptDeps } from '../attempts/deps.js';
import { attemptDeps } from '../attempts/deps.js';
import { AttemptMonitor } from '../attempts/monitor.js';
import type { Stores } from '../../infra/db/stores.js';
import type { SchedulerTask } from '../../core/scheduler/index.js';
import type { ProjectContext } from '../context.js';
import type { Notifier } from './notify.js';
import type { RunPorts, VerifyOutcome } from './ports.js';

export type GatesView = NonNullable<SchedulerTask['gates']>;

export interface RunRuntime {
  ctx: ProjectContext;
  stores: Stores;
  deps: AttemptDeps;
  monitor: AttemptMonitor;
  notifier: Notifier;
  ports: RunPorts;
  /** Gate outcome per task for its latest attempt (kept in memory; re-run after a restart). */
  gateOutcomes: Map<string, { attemptId: number | null; outcome: VerifyOutcome }>;
  /** Tasks whose gates are running now. */
  verifying: Set<string>;
  /** The verifications in flight (stop() aborts them through `stopping` and waits for them). */
  verifications: Set<Promise<void>>;
  /** Aborted when the loop stops: running gate commands are killed, their tasks stay `verifying`. */
  stopping: AbortController;
  /** Tasks whose agent is being started now (moved to running/fixing, attempt not yet recorded). */
  starting: Set<string>;
  /** Attempts whose end the loop has already handled. */
  handledAttempts: Set<number>;
  /** Best-of: changed lines per `base..commit` (counted in the background), and the counts under way. */
  diffLines: { known: Map<string, number>; counting: Set<string> };
  /** Called when something changed and the scheduler should look again. */
  wake(): void;
}

export function createRuntime(
  ctx: ProjectContext,
  notifier: Notifier,
  ports: RunPorts,
  wake: () => void,
  monitorPollMs = 1000,
): RunRuntime {
  const deps = attemptDeps(ctx);
  return {
    ctx,
    stores: ctx.stores,
    deps,
    monitor: new AttemptMonitor(deps, { pollMs: monitorPollMs }),
    notifier,
    ports,
    gateOutcomes: new Map(),
    verifying: new Set(),
    verifications: new Set(),
    stopping: new AbortController(),
    starting: new Set(),
    handledAttempts: new Set(),
    diffLines: { known: new Map(), counting: new Set() },
    wake,
  };
}
