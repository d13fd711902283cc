// Chaos: a 6-task `grove run` (scripted agents, a real queue test) killed over and over — SIGKILL and
// SIGHUP alternating, the whole process group — at random moments and the instant after every base
// move (a reference-transaction hook), re-run after each kill until everything is merged. Then counts
// what a crash may have broken, each with goal 0: tasks merged twice, work lost, the base at a commit
// no test ran on (an independent log the test command itself writes), the checkout of main left
// inconsistent after a run ended. Baseline: the same run, never killed, in this process.
// Run: npm run build && npm run bench:chaos   (env KILLS: at least this many kills, default 24; SEED)
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../src/core/queue/prng.js';
import { openProject } from '../src/app/context.js';
import type { GroveProject } from '../test/helpers/grove-project.js';
import {
  checkoutProblem,
  killOnBaseMove,
  landings,
  startGroveRun,
} from '../test/helpers/kill-on-base-move.js';
import { project } from '../test/e2e/run-helpers.js';

const KILLS = Number(process.env.KILLS ?? 24);
const SEED = Number(process.env.SEED ?? 17);
const IDS = ['a', 'b', 'c', 'd', 'e', 'f'];
const RUN_CAP_MS = 90_000;
/** A trial that needs more runs than this never converges (each re-run moved the base again). */
const MAX_RUNS = 30;
const random = mulberry32(SEED);

function script(id: string): string {
  return [
    'default_usage: { input: 0, output: 0 }',
    'steps:',
    '  - repeat: { times: 5, steps: [{ usage: { input: 100, output: 0 } }, { sleep: 80 }] }',
    `  - write: { path: src/${id}/x.js, content: 'work of ${id}' }`,
    `  - commit: 'Add ${id}'`,
    `  - result: { summary: 'added ${id}' }`,
    '',
  ].join('\n');
}

/** A fresh project whose test command logs every commit it finished testing (outside grove's db). */
function makeProject(): { p: GroveProject; testedLog: string } {
  const p = project(Object.fromEntries(IDS.map((id) => [id, script(id)])), 'wip: 3\n');
  const testedLog = join(p.parent, 'tested.log');
  const test = `sleep 0.2 && git rev-parse HEAD >> ${testedLog}`;
  appendFileSync(join(p.root, '.grove/config.yaml'), `gates:\n  test: [sh, -c, "${test}"]\n`);
  p.git('commit', '-qam', 'chaos: the test command logs what it tested');
  return { p, testedLog };
}

async function settledCheckout(p: GroveProject): Promise<string | undefined> {
  // git processes grove started run in their own session: let a move in flight finish first.
  for (let i = 0; i < 30 && existsSync(join(p.root, '.git', 'index.lock')); i++)
    await new Promise((r) => setTimeout(r, 100));
  return checkoutProblem(p);
}

async function states(root: string): Promise<Record<string, string>> {
  const ctx = await openProject(root);
  try {
    return Object.fromEntries(ctx.store.list().map((t) => [t.id, t.state]));
  } finally {
    ctx.close();
  }
}

interface TrialResult {
  kills: { SIGKILL: number; SIGHUP: number; afterBaseMove: number; random: number };
  runs: number;
  mergedTwice: number;
  workLost: number;
  untestedBase: number;
  inconsistentCheckout: number;
  notFinished: string[];
  ms: number;
}

/**
 * One 6-task run to the end. With `chaos`, every run is killed the instant the base moves, and 7 runs
 * in 10 also at a random moment (50 ms to 2 s in) if that comes first; SIGKILL and SIGHUP alternate.
 */
async function trial(chaos: boolean): Promise<TrialResult> {
  const { p, testedLog } = makeProject();
  const first = p.git('rev-parse', 'main').trim();
  const before = new Set(p.git('reflog', 'show', '--format=%H', 'refs/heads/main').trim().split('\n'));
  const killer = killOnBaseMove(p);
  const r: TrialResult = {
    kills: { SIGKILL: 0, SIGHUP: 0, afterBaseMove: 0, random: 0 },
    runs: 0,
    mergedTwice: 0,
    workLost: 0,
    untestedBase: 0,
    inconsistentCheckout: 0,
    notFinished: [],
    ms: 0,
  };
  const t0 = performance.now();
  let signal: 'SIGKILL' | 'SIGHUP' = 'SIGKILL';
  try {
    for (;;) {
      const allMerged =
        Object.values(await states(p.root)).filter((s) => s === 'merged').length === IDS.length;
      const run = startGroveRun(p.root);
      r.runs++;
      let randomKill = false;
      const timers: NodeJS.Timeout[] = [];
      if (chaos) killer.arm(signal, run.pgid);
      if (chaos && !allMerged && random() < 0.7) {
        const delay = 50 + Math.floor(random() * 2000);
        timers.push(
          setTimeout(() => {
            killer.disarm();
            if (killer.fired()) return;
            randomKill = true;
            process.kill(-run.pgid, signal);
          }, delay),
        );
      }
      timers.push(setTimeout(() => process.kill(-run.pgid, 'SIGKILL'), RUN_CAP_MS));
      const end = await run.exited;
      for (const t of timers) clearTimeout(t);
      killer.disarm();
      const killed = randomKill || killer.fired();
      if (killed) {
        r.kills[signal]++;
        if (randomKill) r.kills.random++;
        else r.kills.afterBaseMove++;
        signal = signal === 'SIGKILL' ? 'SIGHUP' : 'SIGKILL';
      }
      if ((await settledCheckout(p)) !== undefined) r.inconsistentCheckout++;
      if (killed && r.runs < MAX_RUNS) continue;
      if (killed) {
        process.stderr.write(`trial gave up after ${MAX_RUNS} runs: every re-run moved the base again\n`);
        break;
      }
      if (end.code === 0) break;
      // Ended by itself without finishing: a task waits for a person (counted, the trial ends).
      process.stderr.write(`run ${r.runs} ended ${end.code ?? end.signal}: ${run.output().slice(-800)}\n`);
      break;
    }
    r.ms = performance.now() - t0;
    for (const n of landings(p, first).values()) if (n > 1) r.mergedTwice++;
    for (const id of IDS) {
      let on = '';
      try {
        on = p.git('cat-file', '-p', `main:src/${id}/x.js`).trim();
      } catch {
        // not on main at all
      }
      if (on !== `work of ${id}`) r.workLost++;
    }
    const tested = new Set(existsSync(testedLog) ? readFileSync(testedLog, 'utf8').split('\n') : []);
    const values = new Set(p.git('reflog', 'show', '--format=%H', 'refs/heads/main').trim().split('\n'));
    for (const v of values) if (!before.has(v) && !tested.has(v)) r.untestedBase++;
    const s = await states(p.root);
    r.notFinished = IDS.filter((id) => s[id] !== 'merged').map((id) => `${id}:${s[id]}`);
    return r;
  } finally {
    p.cleanup();
  }
}

// Baseline: the same 6-task run, never killed.
const base0 = performance.now();
const baseline = await trial(false);
const baselineMs = performance.now() - base0;
if (baseline.notFinished.length > 0)
  throw new Error(`baseline did not finish: ${baseline.notFinished.join(' ')}`);

const results: TrialResult[] = [];
let kills = 0;
while (kills < KILLS) {
  const r = await trial(true);
  results.push(r);
  const k = r.kills.SIGKILL + r.kills.SIGHUP;
  kills += k;
  console.log(
    `trial ${results.length}: ${k} kills (${r.kills.SIGKILL} SIGKILL, ${r.kills.SIGHUP} SIGHUP; ${r.kills.afterBaseMove} right after a base move, ${r.kills.random} at random), ${r.runs} runs, ${(r.ms / 1000).toFixed(1)} s`,
  );
  if (k === 0) break;
}
const sum = (f: (r: TrialResult) => number) => results.reduce((a, r) => a + f(r), 0);
const chaosMs = sum((r) => r.ms);
console.log(
  `kills:                       ${kills} (${sum((r) => r.kills.SIGKILL)} SIGKILL, ${sum((r) => r.kills.SIGHUP)} SIGHUP)`,
);
console.log(`  right after a base move:   ${sum((r) => r.kills.afterBaseMove)}`);
console.log(`  at a random moment:        ${sum((r) => r.kills.random)}`);
console.log(
  `runs (kills + re-runs):      ${sum((r) => r.runs)} over ${results.length} trial(s) of ${IDS.length} tasks`,
);
console.log(`tasks merged twice:          ${sum((r) => r.mergedTwice)} (goal 0)`);
console.log(`work lost:                   ${sum((r) => r.workLost)} (goal 0)`);
console.log(`base at an untested commit:  ${sum((r) => r.untestedBase)} (goal 0)`);
console.log(
  `checkout left inconsistent:  ${sum((r) => r.inconsistentCheckout)} (goal 0, checked after every run)`,
);
const unfinished = results.flatMap((r) => r.notFinished);
console.log(
  `tasks not merged at the end: ${unfinished.length}${unfinished.length ? ` (${unfinished.join(' ')})` : ''}`,
);
console.log(
  `RATIO chaos: ${(chaosMs / results.length / baselineMs).toFixed(2)}x the wall time of an uninterrupted 6-task run per trial (${(chaosMs / results.length / 1000).toFixed(1)} s vs ${(baselineMs / 1000).toFixed(1)} s)`,
);
const bad =
  sum((r) => r.mergedTwice + r.workLost + r.untestedBase + r.inconsistentCheckout) + unfinished.length;
process.exitCode = bad === 0 && kills >= KILLS ? 0 : 1;
