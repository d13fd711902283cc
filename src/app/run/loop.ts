// The run loop: event-driven (attempt ends, gate outcomes, queue hooks, the journal moving when a
// lead command or an agent writes) with a slow timer for budget and idle checks. Each step takes a
// snapshot, asks the pure scheduler what to do, and applies the decisions until nothing changes.
import type { Decision } from '../../core/scheduler/index.js';
import type { StartWait } from '../../core/scheduler/index.js';
import { decide, decideWithWaits } from '../../core/scheduler/index.js';
import { reconcile } from '../attempts/reconcile.js';
import { neverGotProcess } from '../attempts/start.js';
import { gatherProposals } from '../compound/gather.js';
import type { ProjectContext } from '../context.js';
import { syncTasks } from '../sync-tasks.js';
import { applyDecision, stopLiveAttempt } from './apply.js';
import { handleFinished } from './finish.js';
import { startPendingVerifications } from './gates.js';
import type { LeadNotification } from './notify.js';
import { createNotifier } from './notify.js';
import type { QueueFailure, QueueRunner, RunPorts } from './ports.js';
import { defaultPorts } from './ports.js';
import type { RunRuntime } from './runtime.js';
import { createRuntime } from './runtime.js';
import type { SchedulerLock } from './scheduler-lock.js';
import { acquireSchedulerLock } from './scheduler-lock.js';
import { watchScope } from './scope-watch.js';
import type { WaitReporter } from './waits.js';
import { createWaitReporter } from './waits.js';
import type { SpendCapNotice } from './spend-cap-notice.js';
import { createSpendCapNotice } from './spend-cap-notice.js';
import { returnCulprit } from './culprit.js';
import { buildSnapshot, selectTasks } from './snapshot.js';
import { GroveError } from '../../shared/errors.js';
import { pauseTask } from '../task-commands/index.js';
import type { TaskCommandDeps } from '../task-commands/index.js';
import { ACTIVE_STATES, FOLLOW_TO_EXIT_STATES } from '../../shared/task-state.js';

export type DoneDecision = Extract<Decision, { kind: 'done' }>;

export interface RunLoopOptions {
  /** Task ids to run (with their dependencies); all tasks when empty. */
  only?: readonly string[];
  ports?: RunPorts;
  /** Lock holder description: 'grove run' or 'grove up'. */
  holder?: string;
  /** A line for the lead (notifications and warnings). */
  line?: (n: LeadNotification) => void;
  /** After every step (progress redraw). */
  onStep?: () => void;
  /** How often the journal is looked at for changes made elsewhere. Default 500 ms. */
  pollMs?: number;
  /** Slow timer for budget and idle checks. Default 5 s. */
  slowMs?: number;
}

export class RunLoop {
  readonly rt: RunRuntime;
  readonly taskIds: string[];
  private lock: SchedulerLock | undefined;
  private queue: QueueRunner | undefined;
  private timers: NodeJS.Timeout[] = [];
  private predictTimer: NodeJS.Timeout | undefined;
  private stepping = false;
  private again = false;
  private stopped = false;
  private lastJournalId = -1;
  private lastDone: string | undefined;
  private gathering: Promise<void> = Promise.resolve();
  private doneWaiters: Array<(d: DoneDecision) => void> = [];
  private scopeCheckedAt = new Map<string, number>();
  private readonly waits: WaitReporter;
  private readonly spendCap: SpendCapNotice;

  constructor(
    readonly ctx: ProjectContext,
    private readonly options: RunLoopOptions = {},
  ) {
    const line = options.line ?? (() => undefined);
    const notifier = createNotifier(ctx.stores.notifications, ctx.config, ctx.paths.mainRoot, line);
    this.rt = createRuntime(ctx, notifier, options.ports ?? defaultPorts, () => this.wake());
    this.waits = createWaitReporter(notifier);
    this.spendCap = createSpendCapNotice(this.rt);
    syncTasks(this.rt.stores.tasks, ctx.tasks, ctx.config);
    const known = new Set(this.rt.stores.tasks.list().map((t) => t.id));
    const unknown = (options.only ?? []).filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new GroveError(
        'TASK_NOT_FOUND',
        `no task ${unknown.map((id) => `"${id}"`).join(', ')} in this plan`,
        {
          hint: `known tasks: ${[...known].sort().join(', ') || '(none: add .grove/tasks/<id>.md)'}`,
        },
      );
    }
    this.taskIds = selectTasks(this.rt, options.only ?? []);
  }

  /** Takes the scheduler lock, re-adopts live agents, starts the queue and the timers. */
  start(): void {
    this.lock = acquireSchedulerLock(this.rt.stores.locks, this.options.holder ?? 'grove run');
    this.rt.monitor.onFinished((e) => {
      handleFinished(this.rt, { attempt: e.attempt, outcome: e.outcome, reason: e.reason });
      this.schedulePredict(1000);
      this.wake();
    });
    reconcile(this.rt.deps, this.rt.monitor);
    this.queue = this.rt.ports.startQueueRunner(this.ctx, {
      onMerged: () => {
        this.schedulePredict(500);
        this.wake();
      },
      // Tracked with the verifications: stopping the loop waits for a culprit being sent back (its git
      // merge, its state move) before the database closes.
      onCulprit: (taskId, failure) => {
        const sending: Promise<void> = this.culprit(taskId, failure)
          .catch((e: unknown) => this.warn(`could not send ${taskId} back: ${(e as Error).message}`))
          .finally(() => this.rt.verifications.delete(sending));
        this.rt.verifications.add(sending);
      },
      notify: (n) => this.rt.notifier.notify(n),
    });
    const pollMs = this.options.pollMs ?? 500;
    this.timers.push(
      setInterval(() => {
        if (this.rt.stores.journal.lastId() !== this.lastJournalId) this.wake();
      }, pollMs),
      setInterval(() => this.wake(), this.options.slowMs ?? 5000),
    );
    this.wake();
  }

  /** Resolves when nothing more can move without a person (every selected task merged or waiting). */
  whenDone(): Promise<DoneDecision> {
    return new Promise((resolve) => this.doneWaiters.push(resolve));
  }

  /** The decision that nothing more can move without a person, when that holds right now. */
  settledNow(): DoneDecision | undefined {
    const decisions = decide(buildSnapshot(this.rt, this.taskIds));
    if (decisions.some((d) => d.kind !== 'done')) return undefined;
    return decisions.find((d): d is DoneDecision => d.kind === 'done');
  }

  /**
   * Why tasks do not start or fix right now: an overlapping task holds the paths, or the spec waits for
   * the lead's plan approval (none when none waits).
   */
  startWaitsNow(): StartWait[] {
    return decideWithWaits(buildSnapshot(this.rt, this.taskIds)).waits;
  }

  wake(): void {
    if (this.stopped) return;
    if (this.stepping) {
      this.again = true;
      return;
    }
    void this.step();
  }

  /** Stops scheduling. Agents keep running (re-adopted next time) unless `stopAgents`. */
  async stop(options: { stopAgents?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    clearTimeout(this.predictTimer);
    await this.queue?.stop();
    // Gates running now are killed (their tasks stay verifying) and seen to their end before the
    // database closes.
    this.rt.stopping.abort();
    await Promise.all([...this.rt.verifications]);
    if (options.stopAgents) {
      for (const id of this.taskIds) {
        const t = this.rt.stores.tasks.get(id);
        if (t && ACTIVE_STATES.includes(t.state)) {
          await pauseTask(this.commandDeps(), id, 'loop', 'grove stopped with --stop-agents');
        }
      }
      await this.rt.monitor.idle();
    }
    // Agents grove already asked to stop (a pause, stop or abandon) are seen to their exit first: their
    // outcome is recorded now, and one that ignores SIGTERM still gets its SIGKILL.
    await this.rt.monitor.stopsSettled();
    this.rt.monitor.close();
    await this.rt.notifier.flush();
    this.lock?.release();
  }

  /** The task commands' deps for the loop's own moves: its monitor stops the agents it supervises. */
  private commandDeps(): TaskCommandDeps {
    return {
      ...this.rt.ctx,
      stopAttempt: (attemptId, reason) => {
        const row = this.rt.stores.attempts.get(attemptId);
        if (row) stopLiveAttempt(this.rt, row.task_id, reason);
        return Promise.resolve();
      },
    };
  }

  private async culprit(taskId: string, failure: QueueFailure): Promise<void> {
    const outcome = await returnCulprit(this.rt, taskId, failure);
    if (outcome.kind === 'held') {
      this.warn(`could not send ${taskId} back to its agent: ${outcome.error}; it is ${outcome.state}`);
    }
    this.wake();
  }

  private warn(message: string): void {
    (this.options.line ?? (() => undefined))({ kind: 'warning', taskId: null, message });
  }

  private schedulePredict(delayMs: number): void {
    if (this.stopped || this.predictTimer) return;
    this.predictTimer = setTimeout(() => {
      this.predictTimer = undefined;
      this.rt.ports
        .predictConflicts(this.ctx)
        .catch((e: unknown) => this.warn(`conflict prediction failed: ${(e as Error).message}`));
    }, delayMs);
  }

  private async step(): Promise<void> {
    this.stepping = true;
    try {
      do {
        this.again = false;
        await this.pass();
        this.options.onStep?.();
      } while (this.again && !this.stopped);
    } catch (error) {
      this.warn(`scheduler step failed: ${(error as Error).message}`);
    } finally {
      this.stepping = false;
    }
  }

  private async pass(): Promise<void> {
    const journal = this.rt.stores.journal;
    const before = journal.lastId();
    if (before !== this.lastJournalId && this.rt.monitor.following().length > 0) this.schedulePredict(3000);
    this.followAttempts();
    await this.watchScopes();
    startPendingVerifications(this.rt, this.taskIds);
    for (let i = 0; i < 20 && !this.stopped; i += 1) {
      const { decisions, waits } = decideWithWaits(buildSnapshot(this.rt, this.taskIds));
      this.waits.report(waits); // why a task does not start or fix now: told once
      this.spendCap.check(); // a fleet spend cap reached: told once
      const actions = decisions.filter((d): d is Exclude<Decision, { kind: 'done' }> => d.kind !== 'done');
      if (actions.length === 0) {
        const done = decisions.find((d): d is DoneDecision => d.kind === 'done');
        if (done) this.reportDone(done);
        break;
      }
      const mark = journal.lastId();
      for (const d of actions) await applyDecision(this.rt, d);
      if (actions.some((d) => d.kind === 'enqueue')) this.queue?.kick();
      startPendingVerifications(this.rt, this.taskIds);
      if (journal.lastId() === mark) break; // nothing could be applied: wait for the next event
    }
    this.lastJournalId = journal.lastId();
  }

  /** Ownership watch for every task whose agent runs; the git part at most every 5 s per task. */
  private async watchScopes(): Promise<void> {
    const now = Date.now();
    for (const id of this.taskIds) {
      const task = this.rt.stores.tasks.get(id);
      const spec = this.rt.ctx.tasks.find((t) => t.id === id);
      if (!spec || !task?.worktree || !ACTIVE_STATES.includes(task.state)) continue;
      const withGit = now - (this.scopeCheckedAt.get(id) ?? 0) >= 5000;
      if (withGit) this.scopeCheckedAt.set(id, now);
      const fresh = await watchScope(this.rt.stores, spec, task.worktree, withGit);
      if (fresh.length > 0) this.warn(`${id} touched files outside its owns: ${fresh.join(', ')}`);
    }
  }

  /**
   * Keeps attempts and task states in line: follows attempts started by other grove processes, stops
   * agents whose task a person moved away (pause, stop, abandon from the CLI or the dashboard), and
   * settles running tasks whose attempt ended while no scheduler was watching.
   */
  private followAttempts(): void {
    const rt = this.rt;
    for (const a of rt.stores.attempts.listUnfinished()) {
      if (a.pid === null) {
        // Being started (its process is stored a moment after its row), or left by a grove that died
        // while starting it.
        if (!rt.starting.has(a.task_id) && neverGotProcess(a, this.ctx.now())) {
          rt.stores.attempts.finish(a.id, { exitCode: null, signal: null, outcome: 'lost' });
        }
        continue;
      }
      const state = rt.stores.tasks.get(a.task_id)?.state;
      // An agent whose task already moved on (its result is being verified or queued) is only exiting:
      // follow it to its exit. Only a task a person moved away (pause, stop, abandon, reassign) is stopped.
      if (state !== undefined && FOLLOW_TO_EXIT_STATES.includes(state)) rt.monitor.adopt(a);
      else stopLiveAttempt(rt, a.task_id, state === 'paused' ? 'paused' : 'killed');
    }
    for (const id of this.taskIds) {
      const task = rt.stores.tasks.get(id);
      if (!task || !ACTIVE_STATES.includes(task.state)) continue;
      if (rt.starting.has(id)) continue;
      const latest = rt.stores.attempts.latestForTask(id);
      if (latest && latest.ended_at === null) continue;
      const entered = rt.stores.tasks
        .stateHistory(id)
        .filter((h) => h.to === task.state)
        .at(-1)?.at;
      // No process recorded, or lost without a byte of output: grove died before its "go".
      const neverRan =
        latest !== undefined &&
        (latest.pid === null ||
          (latest.outcome === 'lost' && latest.stdout_offset === 0 && latest.stderr_offset === 0));
      if (latest && !neverRan && entered !== undefined && latest.started_at >= entered) {
        handleFinished(rt, {
          attempt: latest,
          outcome: latest.outcome ?? 'lost',
          reason: `the attempt ended (${latest.outcome ?? 'lost'}) while no scheduler was watching`,
        });
      } else {
        // Grove stopped between moving the task and starting its agent (no attempt, or one whose
        // process was never recorded, so it never ran): start it again.
        rt.stores.tasks.transition(id, 'ready', 'the agent never started; starting it again', {
          expectFrom: [task.state],
        });
      }
    }
  }

  private reportDone(done: DoneDecision): void {
    const key = JSON.stringify([done.merged, done.needsPerson, done.abandoned]);
    if (key !== this.lastDone) {
      this.lastDone = key;
      this.rt.notifier.notify(done.notify);
      // The cycle's lessons become proposals for `grove retro` (idempotent) before anyone hears "done".
      this.gathering = gatherProposals(this.ctx).then(
        () => undefined,
        (error: Error) => this.warn(`gathering learning proposals failed: ${error.message}`),
      );
    }
    const waiters = this.doneWaiters;
    this.doneWaiters = [];
    void this.gathering.then(() => {
      for (const w of waiters) w(done);
    });
  }
}
