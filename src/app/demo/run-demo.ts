// `grove demo`: the whole loop on a throwaway sample repository, through the same RunLoop `grove run`
// uses. Everything it makes lives in one temp folder (repo, worktrees, state, logs), which is removed
// at the end unless `keep`; agents and the dashboard are stopped before that.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CycleReport } from '../../core/report/index.js';
import type { TrendRow } from '../../core/report/trend.js';
import { git } from '../../infra/git/exec.js';
import { TERMINAL_STATES } from '../../shared/task-state.js';
import { loadTasks } from '../../infra/spec/load.js';
import { trendRows } from '../report/trend.js';
import type { ProjectContext } from '../context.js';
import { openProject } from '../context.js';
import type { RunningDashboard } from '../dashboard/start.js';
import { startDashboard } from '../dashboard/start.js';
import type { DoneDecision } from '../run/loop.js';
import { RunLoop } from '../run/loop.js';
import type { LeadNotification } from '../run/notify.js';
import { checkRealAgent } from './agent-check.js';
import type { LeadMove } from './demo-lead.js';
import { DemoLead } from './demo-lead.js';
import type { DemoAgent } from './agent-check.js';
import type { DemoOutcome } from './outcome.js';
import { checkDemoOutcome } from './outcome.js';
import type { DemoProposal } from './proposals.js';
import { demoProposals } from './proposals.js';
import { demoBestOf } from './best-of.js';
import { demoReport } from './report.js';
import type { DemoHosts } from './demo-hosts.js';
import { createSampleRepo } from './sample-repo.js';
import { demoTemplateDir } from './template-dir.js';

/** What the CLI shows while the demo runs (the progress display, the dashboard URL). */
export interface DemoObserver {
  prepared(info: { dir: string; root: string }): void;
  /** The loop exists and is about to start: build the progress display from `loop.rt.stores`. */
  started(loop: RunLoop): void;
  line(n: LeadNotification): void;
  /** The demo's lead approved or commented (review required in the sample's config). */
  lead(move: LeadMove): void;
  step(): void;
  dashboard(result: { url: string } | { error: string }): void;
  /** The loop has stopped and the stores are about to close: last redraw of the progress display. */
  stopped(): void;
}

export interface DemoOptions {
  agent?: DemoAgent;
  /** Run the tasks on these SSH hosts (`grove demo --hosts <file>`, read by readDemoHosts). */
  hosts?: DemoHosts;
  keep: boolean;
  dashboard: boolean;
  /** Where the temp folder is made; default the OS temp folder. */
  tmpRoot?: string;
  /**
   * Stop waiting after this long (default: 3 minutes with the scripted agent, 10 on SSH hosts; none
   * with a real one).
   */
  deadlineMs?: number;
  /** Aborted on Ctrl-C: agents are stopped and the temp folder removed (unless `keep`). */
  signal?: AbortSignal;
  observer: DemoObserver;
}

export type DemoEnd = 'done' | 'deadline' | 'interrupted';

export interface DemoResult {
  /** The temp folder holding everything; removed unless `kept`. */
  dir: string;
  root: string;
  kept: boolean;
  agent: string;
  end: DemoEnd;
  elapsedMs: number;
  done: DoneDecision | null;
  outcome: DemoOutcome;
  report: CycleReport;
  proposals: DemoProposal[];
  /** What the demo's lead did: the plan approval, the review comment, the re-review, the approvals. */
  leadMoves: LeadMove[];
  /** Per cycle (the sample plan, then the next one): whether compounding worked. */
  trend: TrendRow[];
}

const SCRIPTED_DEADLINE_MS = 180_000;
/** On SSH hosts every git step and gate crosses the network: the scripted demo gets longer. */
const SCRIPTED_ON_HOSTS_DEADLINE_MS = 600_000;

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const template = demoTemplateDir();
  if (options.agent) checkRealAgent(options.agent);
  const dir = mkdtempSync(join(options.tmpRoot ?? tmpdir(), 'grove-demo-'));
  let ctx: ProjectContext | undefined;
  let dashboard: RunningDashboard | undefined;
  let loop: RunLoop | undefined;
  try {
    const root = await createSampleRepo({
      parent: dir,
      template,
      ...(options.agent ? { agent: options.agent } : {}),
      ...(options.hosts ? { hosts: options.hosts } : {}),
    });
    options.observer.prepared({ dir, root });
    ctx = await openProject(root);
    const project = ctx;
    const lead = new DemoLead(ctx, !options.agent, (move) => options.observer.lead(move));
    const startLoop = (): RunLoop => {
      loop = new RunLoop(project, {
        holder: 'grove demo',
        line: (n) => options.observer.line(n),
        onStep: () => options.observer.step(),
      });
      options.observer.started(loop);
      return loop;
    };
    // Cycle 1: the sample plan.
    const first = startLoop();
    const cycleOne = [...first.taskIds];
    let ended = runCycle(first, lead, options, started);
    if (options.dashboard) {
      try {
        dashboard = await startDashboard(ctx, { port: 0 });
        options.observer.dashboard({ url: dashboard.url });
      } catch (e) {
        options.observer.dashboard({ error: (e as Error).message });
      }
    }
    let { end, done } = await ended;
    await first.stop({ stopAgents: true });
    options.observer.stopped();
    // Between cycles the lead curates the lessons (a rule goes into AGENTS.md, a bare symptom does not)
    // and plans the next cycle, whose task reads AGENTS.md.
    const proposals = await demoProposals(ctx);
    let cycleTwo: string[] = [];
    // What of cycle 1 is still open when the next cycle is planned (it would make the next cycle's
    // tasks join cycle 1): none, as designed.
    const openAtNextCycle = cycleOne
      .map((id) => ({ id, state: project.stores.tasks.require(id).state }))
      .filter((t) => !TERMINAL_STATES.includes(t.state));
    if (end === 'done') {
      await lead.curateLessons();
      const added = await planNextCycle(root, template, ctx);
      lead.plannedNext(added);
      const second = startLoop();
      cycleTwo = second.taskIds.filter((id) => !cycleOne.includes(id));
      ended = runCycle(second, lead, options, started);
      ({ end, done } = await ended);
      await second.stop({ stopAgents: true });
      options.observer.stopped();
    }
    const elapsedMs = Date.now() - started;
    const stores = ctx.stores;
    const report = demoReport(ctx, cycleOne, 1);
    const trend = trendRows(ctx);
    const facts = [...cycleOne, ...cycleTwo].map((id) => {
      const group = project.tasks.find((t) => t.id === id)?.bestOf?.group;
      return {
        id,
        state: stores.tasks.require(id).state,
        history: stores.tasks.stateHistory(id),
        ...(group !== undefined ? { bestOfGroup: group } : {}),
      };
    });
    const outcome = checkDemoOutcome(facts, {
      proposals: proposals.length,
      strict: !options.agent,
      lead: lead.moves,
      trend,
      bestOf: await demoBestOf(project, facts),
      openAtNextCycle,
    });
    return {
      dir,
      root,
      kept: options.keep,
      agent: options.agent ?? 'scripted',
      end,
      elapsedMs,
      done,
      outcome: end === 'done' ? outcome : { ...outcome, ok: false },
      report,
      trend,
      proposals,
      leadMoves: lead.moves,
    };
  } finally {
    if (loop) {
      await loop.stop({ stopAgents: true });
      options.observer.stopped();
    }
    await dashboard?.close();
    ctx?.close();
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One cycle through the loop. The lead acts as soon as something waits for it (a person watching the
 * board, not one who looks only when everything has stopped), and again each time nothing more can move
 * without a person; the cycle ends when the loop has settled and the lead has nothing left to do (or at
 * the deadline, or Ctrl-C).
 */
async function runCycle(
  loop: RunLoop,
  lead: DemoLead,
  options: DemoOptions,
  startedAt: number,
): Promise<{ end: DemoEnd; done: DoneDecision | null }> {
  let finished = loop.whenDone();
  loop.start();
  const watch = watchForLead(loop, lead);
  try {
    for (;;) {
      const ended = await waitForEnd(finished, options, startedAt);
      if (ended.end !== 'done') return ended;
      const acted = await watch.settled();
      // Asked for after the lead's look: a "done" the loop decided while the lead was acting (from a
      // board that did not hold the lead's move yet) must not end the cycle with that move unfinished.
      finished = loop.whenDone();
      const now = acted ? undefined : loop.settledNow();
      if (now !== undefined) return { end: 'done', done: now };
      loop.wake();
    }
  } finally {
    await watch.stop();
  }
}

const LEAD_LOOKS_EVERY_MS = 300;

/**
 * The lead looking at the board every LEAD_LOOKS_EVERY_MS while the loop runs, one look at a time.
 * `settled()` is the look when the loop has settled: true when the lead did something since the loop
 * last settled (so the loop has more to do).
 */
function watchForLead(loop: RunLoop, lead: DemoLead): { settled(): Promise<boolean>; stop(): Promise<void> } {
  let looking: Promise<boolean> | undefined;
  let actedSinceSettle = false;
  const look = (): Promise<boolean> => {
    looking ??= lead
      .act(loop.taskIds)
      .then((acted) => {
        if (acted) {
          actedSinceSettle = true;
          loop.wake();
        }
        return acted;
      })
      .finally(() => (looking = undefined));
    return looking;
  };
  const timer = setInterval(() => void look().catch(() => undefined), LEAD_LOOKS_EVERY_MS);
  return {
    async settled() {
      await looking?.catch(() => undefined);
      await look();
      const acted = actedSinceSettle;
      actedSinceSettle = false;
      return acted;
    },
    async stop() {
      clearInterval(timer);
      await looking?.catch(() => undefined);
    },
  };
}

/**
 * The next cycle's plan (templates/demo-next beside the sample) written into the repository and
 * committed, and the project's specs reloaded; returns the new task ids.
 */
async function planNextCycle(root: string, template: string, ctx: ProjectContext): Promise<string[]> {
  const next = join(dirname(template), 'demo-next');
  cpSync(next, root, { recursive: true });
  await git(root, ['add', '-A']);
  await git(root, ['commit', '-q', '-m', "tiny-shop: the next cycle's plan"]);
  const before = new Set(ctx.tasks.map((t) => t.id));
  ctx.tasks = await loadTasks(root);
  return ctx.tasks.map((t) => t.id).filter((id) => !before.has(id));
}

/** The next settle of the loop, the deadline (counted from `startedAt`) or Ctrl-C, whichever is first. */
async function waitForEnd(
  finished: Promise<DoneDecision>,
  options: DemoOptions,
  startedAt: number,
): Promise<{ end: DemoEnd; done: DoneDecision | null }> {
  const scripted = options.hosts ? SCRIPTED_ON_HOSTS_DEADLINE_MS : SCRIPTED_DEADLINE_MS;
  const deadlineMs = options.deadlineMs ?? (options.agent ? undefined : scripted);
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const waits: Array<Promise<{ end: DemoEnd; done: DoneDecision | null }>> = [
    finished.then((done) => ({ end: 'done' as const, done })),
  ];
  if (deadlineMs !== undefined) {
    waits.push(
      new Promise((resolve) => {
        const left = Math.max(0, startedAt + deadlineMs - Date.now());
        timer = setTimeout(() => resolve({ end: 'deadline', done: null }), left);
      }),
    );
  }
  const signal = options.signal;
  if (signal) {
    waits.push(
      new Promise((resolve) => {
        onAbort = () => resolve({ end: 'interrupted', done: null });
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }),
    );
  }
  try {
    return await Promise.race(waits);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
