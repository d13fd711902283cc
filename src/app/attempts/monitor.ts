import type { ExitClass } from '../../infra/agents/adapter.js';
import type { AttemptRow } from '../../infra/db/attempt-store.js';
import type { ExitRecord } from '../../infra/process/supervisor-spec.js';
import { removeContainerArgs } from '../../infra/sandbox/container-args.js';
import type { ExecutorWatch } from '../executor/types.js';
import type { AttemptDeps } from './deps.js';
import type { StartAttemptInput } from './start.js';
import { startAttempt } from './start.js';
import type { StopReason, TrackedAttempt } from './tracked.js';
import { pumpStream, readStopRequest, trackAttempt, writeStopRequest } from './tracked.js';

export type AttemptOutcome = 'completed' | 'failed' | 'killed' | 'timeout' | 'lost' | 'paused';

/** Told to listeners when an attempt has ended and its last output is stored. */
export interface AttemptFinished {
  attempt: AttemptRow;
  outcome: AttemptOutcome;
  /** The adapter's reading of the exit; undefined when the process vanished without one. */
  exit: ExitClass | undefined;
  /** Why it failed or ended early, for people. */
  reason: string | undefined;
}

export interface MonitorOptions {
  /** Slow poll for exits, timeouts and missed file events. Default 1000 ms. */
  pollMs?: number;
  /** How long file events are gathered before a pass. Default 50 ms. */
  coalesceMs?: number;
  /** Most bytes read per stream per pass (bounds memory and how long one pass holds the loop). Default 1 MiB. */
  maxReadBytes?: number;
  onError?: (error: unknown, attemptId: number) => void;
}

/**
 * Follows running attempts through their executor: reads their output as it is written (the
 * executor's watch on the log folders plus a slow poll, never a busy loop), records their exit, enforces `attempts.timeout`, escalates stops
 * SIGTERM → SIGKILL after `attempts.kill_grace`, and tells listeners when an attempt finished.
 */
export class AttemptMonitor {
  private readonly tracked = new Map<number, TrackedAttempt>();
  private readonly watchers = new Map<string, ExecutorWatch>();
  private readonly listeners = new Set<(e: AttemptFinished) => void>();
  private idleWaiters: Array<() => void> = [];
  private stopWaiters: Array<() => void> = [];
  private poll: NodeJS.Timeout | undefined;
  private scheduled: { timer: NodeJS.Timeout; at: number } | undefined;
  /** The next scheduled pass must be a full one (see `schedule`). */
  private fullPassDue = false;
  private closed = false;
  /** Containers of ended attempts being removed (idle and stopsSettled wait for them). */
  private readonly removals = new Set<Promise<void>>();

  constructor(
    private readonly deps: AttemptDeps,
    private readonly options: MonitorOptions = {},
  ) {}

  onFinished(listener: (e: AttemptFinished) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts an attempt and follows it. */
  async start(input: StartAttemptInput): Promise<AttemptRow> {
    const row = await startAttempt(this.deps, input);
    this.adopt(row);
    return row;
  }

  /**
   * Follows an attempt started elsewhere (or before a restart) from its stored offsets. An attempt whose
   * process is not recorded yet is still being started (by this process or another): there is nothing to
   * follow until its pid is stored, and following it now would mark it lost while its wrapper boots.
   */
  adopt(row: AttemptRow): void {
    if (this.closed || this.tracked.has(row.id) || row.ended_at !== null) return;
    if (row.pid === null || row.process_start === null) return;
    const t = trackAttempt(this.deps, row);
    this.tracked.set(row.id, t);
    this.watchDir(row.log_dir, t);
    if (!this.poll) this.poll = setInterval(() => this.tick(), this.options.pollMs ?? 1000);
    this.schedule(0);
  }

  /** Ids of the attempts being followed. */
  following(): number[] {
    return [...this.tracked.keys()];
  }

  /**
   * Stops an attempt: SIGTERM to its process group now, SIGKILL after `attempts.kill_grace` if
   * anything is left. The attempt's outcome becomes `reason`. False if this monitor does not follow it.
   */
  stop(attemptId: number, reason: StopReason = 'killed'): boolean {
    const t = this.tracked.get(attemptId);
    if (!t) return false;
    if (t.stop) return true;
    const grace = this.deps.config.attempts.kill_grace;
    t.stop = { reason, killAt: this.deps.now() + grace, killed: false };
    writeStopRequest(t.files.stop, reason, this.deps.now());
    if (this.isAlive(t)) t.executor.signalGroup(t.row.pid!, 'SIGTERM');
    this.schedule(grace);
    return true;
  }

  /** Resolves when no attempt is followed any more. */
  async idle(): Promise<void> {
    if (this.tracked.size > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await Promise.all([...this.removals]);
  }

  /**
   * Resolves when every attempt this monitor is stopping has ended (SIGKILL follows after
   * `attempts.kill_grace`, so this is bounded): nothing grove asked to stop outlives the process.
   */
  async stopsSettled(): Promise<void> {
    while (!this.closed && [...this.tracked.values()].some((t) => t.stop !== undefined)) {
      await new Promise<void>((resolve) => {
        this.stopWaiters.push(resolve);
        this.schedule(0);
      });
    }
    await Promise.all([...this.removals]);
  }

  /** Stops following (the agents keep running; a later monitor re-adopts them). */
  close(): void {
    this.closed = true;
    clearInterval(this.poll);
    if (this.scheduled) clearTimeout(this.scheduled.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    this.tracked.clear();
    this.wakeIdle();
    this.wakeStopWaiters();
  }

  /** One pass over every followed attempt. Public for tests and for callers that want it now. */
  tick(): void {
    this.pass(true);
  }

  /**
   * One pass: every attempt's new output, then its exit record. A full pass also checks that each
   * process is alive and within `attempts.timeout`; passes for file events (output is being written)
   * leave that to the slow poll, so a busy attempt costs a read and a stat per pass, not a /proc look.
   */
  private pass(full: boolean): void {
    if (this.closed) return;
    const all = [...this.tracked.values()];
    const more = new Set<TrackedAttempt>();
    // Every attempt's new output first, stored in ONE transaction (one commit per pass, not per attempt).
    try {
      this.deps.attempts.batch(() => {
        for (const t of all) this.guard(t, () => this.pump(t) && more.add(t));
      });
    } catch (error) {
      // The commit failed: nothing of this pass is stored, so read again from the stored offsets.
      for (const t of all)
        this.guard(t, () => {
          const row = this.deps.attempts.require(t.row.id);
          t.offsets = { stdout: row.stdout_offset, stderr: row.stderr_offset };
          throw error;
        });
    }
    // Then exits, timeouts and stops, each on its own (finishing tells listeners, outside the batch).
    for (const t of all) this.guard(t, () => this.step(t, full));
    if (more.size > 0) this.schedule(0, 'output');
  }

  private guard(t: TrackedAttempt, fn: () => unknown): void {
    try {
      fn();
    } catch (error) {
      (this.options.onError ?? defaultOnError)(error, t.row.id);
    }
  }

  /** Reads and stores one batch of an attempt's new output; true when more is waiting. */
  private pump(t: TrackedAttempt): boolean {
    if (!this.tracked.has(t.row.id)) return false;
    const maxBytes = this.options.maxReadBytes ?? 1024 * 1024;
    const out = pumpStream(this.deps, t, 'stdout', { maxBytes });
    const err = pumpStream(this.deps, t, 'stderr', { maxBytes });
    return out.more || err.more;
  }

  /** After its output was read: the attempt's exit, stop escalation, and (`full`) liveness and timeout. */
  private step(t: TrackedAttempt, full: boolean): void {
    if (!this.tracked.has(t.row.id)) return;
    const now = this.deps.now();
    if (t.stop && !t.stop.killed && now >= t.stop.killAt) {
      t.stop.killed = true;
      if (this.isAlive(t)) t.executor.signalGroup(t.row.pid!, 'SIGKILL');
      this.schedule(100); // look again soon: the kernel needs a moment to end them
    }
    let exit = t.executor.readExit(t.files.exit);
    if (!exit) {
      if (!full) return;
      if (this.isAlive(t)) {
        t.seenAlive = true;
        const timeout = this.deps.config.attempts.timeout;
        if (!t.stop && now - t.row.started_at > timeout) this.stop(t.row.id, 'timeout');
        return;
      }
      exit = t.executor.readExit(t.files.exit); // it may have been written between the two looks
      // The wrapper is gone without a record: kill what is left of its group (only if we saw it alive,
      // so the group id cannot have been reused) and mark the attempt lost (or stopped).
      const { executor } = t;
      if (!exit && t.seenAlive && t.row.pid !== null && executor.groupAlive(t.row.pid))
        executor.signalGroup(t.row.pid, 'SIGKILL');
    }
    this.finish(t, exit);
  }

  private finish(t: TrackedAttempt, exit: ExitRecord | undefined): void {
    const maxBytes = this.options.maxReadBytes ?? 1024 * 1024;
    while (pumpStream(this.deps, t, 'stdout', { final: true, maxBytes }).more);
    while (pumpStream(this.deps, t, 'stderr', { final: true, maxBytes }).more);
    let cls: ExitClass | undefined;
    let reason: string | undefined;
    if (exit?.error) {
      cls = { kind: 'failed', reason: `the agent could not start: ${exit.error}` };
    } else if (exit) {
      cls = t.adapter.classifyExit({
        code: exit.code,
        signal: exit.signal,
        sawFinished: t.sawFinished,
        finishedOk: t.finishedOk,
        lastError: t.lastError ?? t.lastStderr,
      });
    }
    if (cls?.kind === 'failed') reason = cls.reason;
    const denied = exit?.denied ?? [];
    if (denied.length > 0) {
      const text = `the sandbox denied: ${denied.join(' | ')}`;
      const { stderr_offset: at } = this.deps.attempts.require(t.row.id);
      this.deps.attempts.ingest(t.row.id, 'stderr', at, [{ kind: 'error', message: text }]);
      if (reason !== undefined) reason = `${reason}; ${text}`;
    }
    let outcome: AttemptOutcome = cls ? cls.kind : 'lost';
    const stopped = t.stop?.reason ?? readStopRequest(t.files.stop);
    if (stopped) {
      outcome = stopped;
      reason = stopReasonText(stopped, this.deps.config.attempts.timeout);
    } else if (!cls) {
      const { pid, process_start: start } = t.row;
      reason =
        (pid !== null && start !== null ? t.executor.lostReason?.(pid, start) : undefined) ??
        'the agent process vanished without recording its exit (killed from outside, or the machine restarted)';
    }
    this.deps.attempts.finish(t.row.id, {
      exitCode: exit?.code ?? null,
      signal: exit?.signal ?? null,
      outcome,
    });
    this.removeContainer(t);
    this.untrack(t);
    const attempt = this.deps.attempts.require(t.row.id);
    const event: AttemptFinished = {
      attempt,
      outcome: (attempt.outcome ?? outcome) as AttemptOutcome,
      exit: cls,
      reason,
    };
    for (const l of this.listeners) l(event);
  }

  /**
   * A containerised attempt's container is not in its wrapper's process group (podman hands it to
   * conmon): a wrapper killed before it removed it (SIGKILL after the grace, a crash, a restart of the
   * machine's grove) leaves it running. Removed here whenever the attempt ends (`--ignore`: usually gone).
   */
  private removeContainer(t: TrackedAttempt): void {
    const container = t.executor.readSpec(t.files.launch)?.sandbox?.container;
    if (!container) return;
    const removal = t.executor
      .run(container.podman, removeContainerArgs(container), { cwd: '/', timeoutMs: 30_000 })
      .then(
        () => undefined,
        () => undefined,
      );
    this.removals.add(removal);
    void removal.finally(() => this.removals.delete(removal));
  }

  private isAlive(t: TrackedAttempt): boolean {
    const { pid, process_start: start } = t.row;
    return pid !== null && start !== null && t.executor.isAlive(pid, start);
  }

  private untrack(t: TrackedAttempt): void {
    this.tracked.delete(t.row.id);
    this.wakeStopWaiters();
    const dir = t.row.log_dir;
    if (![...this.tracked.values()].some((o) => o.row.log_dir === dir)) {
      this.watchers.get(dir)?.close();
      this.watchers.delete(dir);
    }
    if (this.tracked.size === 0) {
      clearInterval(this.poll);
      this.poll = undefined;
      this.wakeIdle();
    }
  }

  private wakeStopWaiters(): void {
    const waiters = this.stopWaiters;
    this.stopWaiters = [];
    for (const w of waiters) w();
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private watchDir(dir: string, t: TrackedAttempt): void {
    if (this.watchers.has(dir)) return;
    const w = t.executor.watch(
      dir,
      () => this.schedule(this.options.coalesceMs ?? 50, 'output'),
      () => this.watchers.delete(dir), // the slow poll carries on
    );
    if (w) this.watchers.set(dir, w);
  }

  /**
   * Runs a pass in `delayMs` (or sooner, if one is due sooner). Only passes asked for because output
   * was written are light (see `pass`); any other reason makes the next pass a full one.
   */
  private schedule(delayMs: number, why: 'output' | 'other' = 'other'): void {
    if (this.closed) return;
    if (why === 'other') this.fullPassDue = true;
    const at = Date.now() + delayMs;
    if (this.scheduled && this.scheduled.at <= at) return;
    if (this.scheduled) clearTimeout(this.scheduled.timer);
    const timer = setTimeout(() => {
      this.scheduled = undefined;
      const full = this.fullPassDue;
      this.fullPassDue = false;
      this.pass(full);
    }, delayMs);
    this.scheduled = { timer, at };
  }
}

function stopReasonText(reason: StopReason, timeoutMs: number): string {
  switch (reason) {
    case 'timeout':
      return `ran longer than attempts.timeout (${Math.round(timeoutMs / 1000)} s)`;
    case 'paused':
      return 'paused by grove';
    case 'killed':
      return 'stopped by grove';
  }
}

function defaultOnError(error: unknown, attemptId: number): void {
  const message = error instanceof Error ? error.message : String(error);
  process.emitWarning(`grove: following attempt ${attemptId} failed: ${message}`);
}
