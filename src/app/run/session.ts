// Drives one scheduler in this process for `grove run` (until done) and `grove up --foreground`
// (until signalled): the loop, the dashboard, signals and the final report. What is shown, and how, is
// the caller's (`SessionUi`, made by src/cli/progress/run-ui.ts); this returns how the session ended.
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openProject } from '../context.js';
import { startDashboard } from '../dashboard/start.js';
import type { RunningDashboard } from '../dashboard/start.js';
import type { DoneDecision } from './loop.js';
import { RunLoop } from './loop.js';
import { DAEMON_FILE } from './daemon.js';
import type { LeadNotification } from './notify.js';
import { cycleReportInput } from '../report/cycle-report.js';
import { buildCycleReport } from '../../core/report/index.js';
import type { CycleReport } from '../../core/report/index.js';
import type { TaskState } from '../../shared/task-state.js';
import { unresolvedConflict } from './open-conflict.js';

export interface RunSessionOptions {
  only: string[];
  dashboard: boolean;
  /** With SIGINT/SIGTERM (and at the end for `up`): stop the agents too. */
  stopAgents: boolean;
  daemon: boolean;
  /** The dashboard's address, asked for on the command line (`--host`); default loopback. */
  host?: string;
  /**
   * Keep running while tasks wait on a person, so they can act from the dashboard or another terminal.
   * Undefined: only when the dashboard runs and the output is a terminal.
   */
  keepOpen?: boolean;
}

/** The live output of a session: made once the loop knows its tasks. */
export interface SessionDisplay {
  line(n: LeadNotification): void;
  update(): void;
  /** A message for the lead (nothing under --json). */
  say(text: string): void;
  close(): void;
}

export interface SessionUi {
  display(loop: RunLoop): SessionDisplay;
  /** Whether the output is a terminal (kept open by default with the dashboard). */
  isTTY: boolean;
}

export interface WaitingTask {
  id: string;
  state: string;
  cause: string;
  next: string;
}

/** How a session ended: everything settled (with the report), or a signal stopped it. */
export type SessionEnd =
  | {
      kind: 'done';
      merged: string[];
      abandoned: string[];
      needsPerson: WaitingTask[];
      message: string;
      report: CycleReport;
    }
  | { kind: 'interrupted' };

export async function runSession(opts: RunSessionOptions, ui: SessionUi): Promise<SessionEnd> {
  const ctx = await openProject(process.cwd());
  const holder: { display?: SessionDisplay } = {};
  const loop = new RunLoop(ctx, {
    only: opts.only,
    holder: opts.daemon ? 'grove up' : 'grove run',
    line: (n) => holder.display?.line(n),
    onStep: () => holder.display?.update(),
  });
  const display = ui.display(loop);
  holder.display = display;
  const say = (text: string): void => display.say(text);
  let dashboard: RunningDashboard | undefined;
  const daemonFile = join(ctx.paths.stateDir, DAEMON_FILE);
  // Handlers first: a signal during start-up must still stop the loop cleanly.
  const signalled = new Promise<{ signal: NodeJS.Signals; stopAgents: boolean }>((resolve) => {
    process.once('SIGINT', () => resolve({ signal: 'SIGINT', stopAgents: opts.stopAgents }));
    process.once('SIGTERM', () => resolve({ signal: 'SIGTERM', stopAgents: opts.stopAgents }));
    // The terminal closed: stop as gracefully as Ctrl-C (issue 17 item 4); its output may be gone.
    process.once('SIGHUP', () => {
      for (const s of [process.stdout, process.stderr]) s.on('error', () => undefined);
      resolve({ signal: 'SIGHUP', stopAgents: opts.stopAgents });
    });
    process.once('SIGUSR2', () => resolve({ signal: 'SIGUSR2', stopAgents: true }));
  });
  try {
    loop.start();
    if (opts.dashboard) {
      try {
        dashboard = await startDashboard(ctx, opts.host !== undefined ? { host: opts.host } : {});
        if (dashboard.warning) say(dashboard.warning);
        say(`dashboard: ${dashboard.url}`);
      } catch (e) {
        say(
          `dashboard not started: ${(e as Error).message} (set dashboard.port in .grove/config.yaml, or --no-dashboard)`,
        );
      }
    }
    if (opts.daemon) {
      // It holds the dashboard's token: readable by the user only (also when it was left behind).
      writeFileSync(daemonFile, JSON.stringify({ pid: process.pid, url: dashboard?.url ?? null }), {
        mode: 0o600,
      });
      chmodSync(daemonFile, 0o600);
    }
    say(
      `grove ${opts.daemon ? 'up' : 'run'}: scheduling ${loop.taskIds.length} task(s) (pid ${process.pid})`,
    );
    const keepOpen = !opts.daemon && (opts.keepOpen ?? (dashboard !== undefined && ui.isTTY));
    if (keepOpen) followDecisions(loop, (d) => tellKept(loop, d, say));
    const done: Promise<DoneDecision | undefined> =
      opts.daemon || keepOpen ? new Promise(() => undefined) : loop.whenDone();
    const first = await Promise.race([
      done.then((d) => ({ done: d })),
      signalled.then((s) => ({ signal: s })),
    ]);
    // Kept open and everything settled: leaving is the end of the run, not an interruption.
    const settled = 'signal' in first && keepOpen ? loop.settledNow() : undefined;
    if (settled) {
      await loop.stop({ stopAgents: 'signal' in first && first.signal.stopAgents });
      display.close();
      return finish(loop, settled);
    }
    if ('signal' in first) {
      const live = loop.rt.monitor.following().length;
      await loop.stop({ stopAgents: first.signal.stopAgents });
      display.close();
      say(
        first.signal.stopAgents
          ? `grove: stopped scheduling (${first.signal.signal}); ${live} agent(s) stopped and their tasks paused (\`grove resume <task>\`)`
          : `grove: stopped scheduling (${first.signal.signal}); ${live} agent(s) keep running and are picked up by the next \`grove run\` or \`grove up\` (use --stop-agents to stop them)`,
      );
      return { kind: 'interrupted' };
    }
    await loop.stop();
    display.close();
    return finish(loop, first.done!);
  } finally {
    display.close();
    if (opts.daemon) rmSync(daemonFile, { force: true });
    await dashboard?.close();
    ctx.close();
  }
}

/**
 * Follows the loop's decisions that nothing more can move without a person (for `--keep-open`): each new
 * one is told once, and the run goes on — a resume, retry or abandon from the dashboard or the CLI moves
 * it again.
 */
function followDecisions(loop: RunLoop, tell: (done: DoneDecision) => void): void {
  let told = '';
  const follow = async (): Promise<void> => {
    for (;;) {
      const done = await loop.whenDone();
      const key = JSON.stringify([done.merged, done.needsPerson, done.abandoned]);
      if (key !== told) {
        told = key;
        tell(done);
      }
    }
  };
  void follow();
}

function tellKept(loop: RunLoop, done: DoneDecision, say: (text: string) => void): void {
  if (done.needsPerson.length === 0) {
    say(
      `grove run: ${done.notify.message}; the dashboard stays up for the report and the learnings (Ctrl-C to leave)`,
    );
    return;
  }
  say('grove run: waiting on you (the dashboard stays up; Ctrl-C leaves, agents keep their state):');
  for (const w of waitingTasks(loop, done.needsPerson))
    say(`  ${w.id}  ${w.state}: ${w.cause}\n    → ${w.next}`);
}

function waitingTasks(loop: RunLoop, ids: readonly string[]): WaitingTask[] {
  const waits = new Map(loop.startWaitsNow().map((w) => [w.taskId, w]));
  return ids.map((id) => {
    const task = loop.rt.stores.tasks.get(id);
    const wait = waits.get(id);
    // A task whose spec waits for the lead's plan approval: approving it is what to do.
    if (wait?.waiting === 'plan-approval')
      return { id, state: task?.state ?? 'unknown', cause: wait.message, next: APPROVE_PLAN };
    // A task held by a fleet spend cap: raising the cap (the message says which) is what to do.
    if (wait?.waiting === 'spend-cap')
      return { id, state: task?.state ?? 'unknown', cause: wait.message, next: RAISE_CAP };
    // A task waiting for a slot on a host whose tasks wait for you.
    if (wait?.waiting === 'host')
      return {
        id,
        state: task?.state ?? 'unknown',
        cause: wait.message,
        next: 'move one of that host’s tasks on (review, merge or abandon it), or raise its `wip` in config `hosts`',
      };
    // A task held back by an overlapping one: its reason is the wait, and what to do is about the holder.
    if (wait)
      return {
        id,
        state: task?.state ?? 'unknown',
        cause: wait.message,
        next: `first ${nextCommand(wait.waitsFor, wait.holderState)}`,
      };
    const history = loop.rt.stores.tasks.stateHistory(id);
    const cause = history.at(-1)?.cause ?? '';
    // Blocked on the merge queue's conflict, still in its worktree: what to do is resolve it there.
    const conflict = task?.state === 'blocked' ? unresolvedConflict(loop.rt, id, history) : undefined;
    const next = conflict
      ? `resolve the conflict with ${conflict.base} in ${task?.worktree ?? `grove/${id}`} (edit ${conflict.files.join(', ')}, git add, git commit), then grove retry ${id}`
      : nextCommand(id, task?.state);
    return { id, state: task?.state ?? 'unknown', cause, next };
  });
}

function finish(loop: RunLoop, done: DoneDecision): SessionEnd {
  return {
    kind: 'done',
    merged: [...done.merged],
    abandoned: [...done.abandoned],
    needsPerson: waitingTasks(loop, done.needsPerson),
    message: done.notify.message,
    report: buildCycleReport(cycleReportInput(loop.rt.ctx, { tasks: loop.taskIds })),
  };
}

const RAISE_CAP =
  'raise budgets.usd_per_cycle / budgets.usd_per_day in .grove/config.yaml (see grove status), then grove run';

const APPROVE_PLAN = 'grove plan (to see what it says), then grove plan --approve';

const NEXT: Partial<Record<TaskState, (id: string) => string>> = {
  paused: (id) => `grove resume ${id} (add --budget +N if it was paused for its budget)`,
  blocked: (id) =>
    `look at it (grove status ${id}), then grove retry ${id}, grove resume ${id} or grove abandon ${id}`,
  conflict: (id) => `resolve the conflict on grove/${id}, then grove retry ${id}`,
  failed: (id) => `grove retry ${id}`,
  review: (id) => `grove review ${id}, then grove approve ${id} or grove request-changes ${id} -m "…"`,
};

function nextCommand(id: string, state: TaskState | undefined): string {
  const next = state ? NEXT[state] : undefined;
  return next ? next(id) : `grove status ${id}`;
}
