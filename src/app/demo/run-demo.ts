// `grove demo`: the whole loop on a throwaway sample repository, through the same RunLoop `grove run`
// uses. Everything it makes lives in one temp folder (repo, worktrees, state, logs), which is removed
// at the end unless `keep`; agents and the dashboard are stopped before that.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CycleReport } from '../../core/report/index.js';
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
import { demoReport } from './report.js';
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
  keep: boolean;
  dashboard: boolean;
  /** Where the temp folder is made; default the OS temp folder. */
  tmpRoot?: string;
  /** Stop waiting after this long (default: 3 minutes with the scripted agent, none with a real one). */
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
}

const SCRIPTED_DEADLINE_MS = 180_000;

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
    });
    options.observer.prepared({ dir, root });
    ctx = await openProject(root);
    loop = new RunLoop(ctx, {
      holder: 'grove demo',
      line: (n) => options.observer.line(n),
      onStep: () => options.observer.step(),
    });
    options.observer.started(loop);
    const lead = new DemoLead(ctx, loop.taskIds, !options.agent, (move) => options.observer.lead(move));
    let finished = loop.whenDone();
    loop.start();
    if (options.dashboard) {
      try {
        dashboard = await startDashboard(ctx, { port: 0 });
        options.observer.dashboard({ url: dashboard.url });
      } catch (e) {
        options.observer.dashboard({ error: (e as Error).message });
      }
    }
    // Each time nothing more can move without a person, the lead acts; the cycle ends when it has
    // nothing left to do.
    let ended: { end: DemoEnd; done: DoneDecision | null };
    for (;;) {
      ended = await waitForEnd(finished, options, started);
      if (ended.end !== 'done') break;
      finished = loop.whenDone();
      if (!(await lead.act())) break;
      loop.wake();
    }
    const { end, done } = ended;
    await loop.stop({ stopAgents: true });
    options.observer.stopped();
    const elapsedMs = Date.now() - started;
    const proposals = await demoProposals(ctx);
    const stores = loop.rt.stores;
    const report = demoReport(ctx, loop.taskIds);
    const facts = loop.taskIds.map((id) => ({
      id,
      state: stores.tasks.require(id).state,
      history: stores.tasks.stateHistory(id),
    }));
    const outcome = checkDemoOutcome(facts, {
      proposals: proposals.length,
      strict: !options.agent,
      lead: lead.moves,
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

/** The next settle of the loop, the deadline (counted from `startedAt`) or Ctrl-C, whichever is first. */
async function waitForEnd(
  finished: Promise<DoneDecision>,
  options: DemoOptions,
  startedAt: number,
): Promise<{ end: DemoEnd; done: DoneDecision | null }> {
  const deadlineMs = options.deadlineMs ?? (options.agent ? undefined : SCRIPTED_DEADLINE_MS);
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
