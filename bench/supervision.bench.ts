// Supervision cost: AGENTS fixture agents each print EVENTS timestamped lines; one AttemptMonitor in this
// process reads and stores them all. Run once per machine load in LOADS: load N = N busy processes
// (`sh` spin loops) this bench starts to compete for the cores with the monitor and the agents, for the
// whole run. Prints grove's CPU time per 1,000 events, peak RSS, and the lag from a line written to it
// stored (p50/p95/max) per load, then a baseline run in the same process: the same events stored by bare
// AttemptStore.ingest calls in batches of 50 (no files, no parsing, no watching).
// Run: npm run build && node --import tsx bench/supervision.bench.ts   (env AGENTS, EVENTS, LOADS=0,5,10;
// LAG_SERIES=1 adds the lag per second of writing)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { AttemptMonitor, attemptDeps } from '../src/app/attempts/index.js';
import { openProject } from '../src/app/context.js';
import { openDatabase } from '../src/infra/db/open.js';
import { openStores } from '../src/infra/db/stores.js';
import { makeTempRepo } from '../test/helpers/git-repo.js';

const AGENTS = Number(process.env.AGENTS ?? 30);
const EVENTS = Number(process.env.EVENTS ?? 5000);
const LOADS = (process.env.LOADS ?? '5,10').split(',').map(Number);
const LAG_GOAL_MS = 250;
const RSS_GOAL_MIB = 200;
const agentBin = resolve('test/fixtures/agents/timestamps.sh');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function cpuMs(fn: () => Promise<void>): Promise<number> {
  const before = process.cpuUsage();
  return fn().then(() => {
    const d = process.cpuUsage(before);
    return (d.user + d.system) / 1000;
  });
}

/** `n` busy processes spinning on the cores until stopped. */
function startLoad(n: number): () => void {
  const spinners: ChildProcess[] = [];
  for (let i = 0; i < n; i++)
    spinners.push(spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore', detached: true }));
  return () => {
    for (const s of spinners) s.kill('SIGKILL');
  };
}

interface RunFigures {
  load: number;
  stored: number;
  wall: number;
  cpu: number;
  peakRss: number;
  /** How late the event loop ran a timer (ms): p99 and max; a spawn or a long pass blocks it. */
  loopDelay: { p99: number; max: number };
  lags: number[];
  outcomes: unknown;
  loadavg: number;
}

async function supervise(load: number): Promise<RunFigures> {
  const repo = makeTempRepo({
    files: {
      '.grove/config.yaml': stringify({
        agents: { ts: { adapter: 'command', bin: agentBin, args: [String(EVENTS), '50', '10'] } },
      }),
    },
  });
  const stopLoad = startLoad(load);
  try {
    await new Promise((r) => setTimeout(r, 300)); // let the spinners get going
    const ctx = await openProject(repo.root);
    const deps = attemptDeps(ctx);
    for (let i = 1; i <= AGENTS; i++) ctx.store.upsert(`t${i}`, { title: `t${i}`, worktree: repo.root });
    const monitor = new AttemptMonitor(deps);
    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 25);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const t0 = performance.now();
    const cpu = await cpuMs(async () => {
      for (let i = 1; i <= AGENTS; i++)
        await monitor.start({ taskId: `t${i}`, kind: 'initial', prompt: '', agentName: 'ts' });
      await monitor.idle();
    });
    const wall = performance.now() - t0;
    const avg = loadavg()[0]!;
    clearInterval(sampler);
    delay.disable();
    const loopDelay = { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
    monitor.close();
    const rows = ctx.db
      .prepare("SELECT at, json_extract(data, '$.event.text') AS text FROM events WHERE type = 'agent'")
      .all() as Array<{ at: number; text: string }>;
    const written = rows.map((r) => (JSON.parse(r.text) as { t: number }).t);
    const lagsInOrder = rows.map((r, i) => r.at - written[i]!);
    if (process.env.LAG_SERIES) printLagSeries(load, written, lagsInOrder);
    const lags = [...lagsInOrder].sort((a, b) => a - b);
    const outcomes = ctx.db.prepare('SELECT outcome, COUNT(*) AS n FROM attempts GROUP BY outcome').all();
    ctx.close();
    return { load, stored: rows.length, wall, cpu, peakRss, loopDelay, lags, outcomes, loadavg: avg };
  } finally {
    stopLoad();
    repo.cleanup();
  }
}

/** LAG_SERIES=1: the lag per second of writing (whether it grows while the agents write, or is steady). */
function printLagSeries(load: number, written: number[], lags: number[]): void {
  const first = written.reduce((a, b) => Math.min(a, b), Infinity);
  const bySecond = new Map<number, number[]>();
  written.forEach((t, i) => {
    const s = Math.floor((t - first) / 1000);
    if (!bySecond.has(s)) bySecond.set(s, []);
    bySecond.get(s)!.push(lags[i]!);
  });
  for (const [s, ls] of [...bySecond].sort((a, b) => a[0] - b[0])) {
    ls.sort((a, b) => a - b);
    console.log(
      `  load ${load} second ${s}: ${ls.length} written, lag p50 ${percentile(ls, 50)} ms, p95 ${percentile(ls, 95)} ms`,
    );
  }
}

/** The same events stored by bare ingest calls, pre-parsed, in batches of 50. */
function baselineCpu(): Promise<number> {
  const baseDir = mkdtempSync(join(tmpdir(), 'grove-bench-base-'));
  const db = openDatabase(join(baseDir, 'grove.db'));
  const stores = openStores(db);
  stores.tasks.upsert('b', { title: 'b' });
  return cpuMs(() => {
    for (let a = 0; a < AGENTS; a++) {
      const row = stores.attempts.create({
        taskId: 'b',
        kind: 'initial',
        agent: 'x',
        adapter: 'command',
        logDir: '/l',
      });
      for (let i = 0; i < EVENTS; i += 50) {
        const events = Array.from({ length: 50 }, (_, k) => ({
          kind: 'message' as const,
          role: 'assistant' as const,
          text: `{"i":${i + k},"t":${Date.now()}}`,
        }));
        stores.attempts.ingest(row.id, 'stdout', (i + 50) * 20, events, { fromOffset: i * 20 });
      }
    }
    return Promise.resolve();
  }).finally(() => {
    db.close();
    rmSync(baseDir, { recursive: true, force: true });
  });
}

const total = AGENTS * EVENTS;
const runs: RunFigures[] = [];
for (const load of LOADS) runs.push(await supervise(load));
const baseCpu = await baselineCpu();

for (const r of runs) {
  const p95 = percentile(r.lags, 95);
  const mib = Math.round(r.peakRss / 1024 / 1024);
  console.log(
    `supervision at load ${r.load} (${r.load} busy processes; 1-min loadavg at the end ${r.loadavg.toFixed(1)}): ${AGENTS} agents x ${EVENTS} events = ${r.stored}/${total} stored in ${Math.round(r.wall)} ms`,
  );
  console.log(`  outcomes ${JSON.stringify(r.outcomes)}`);
  console.log(
    `  grove CPU per 1,000 events: ${((r.cpu / total) * 1000).toFixed(1)} ms (baseline bare ingest ${((baseCpu / total) * 1000).toFixed(1)} ms, ratio ${(r.cpu / baseCpu).toFixed(2)}x)`,
  );
  console.log(`  peak RSS: ${mib} MiB (goal < ${RSS_GOAL_MIB})`);
  console.log(
    `  event loop delay: p99 ${r.loopDelay.p99.toFixed(0)} ms, max ${r.loopDelay.max.toFixed(0)} ms`,
  );
  console.log(
    `  lag written→stored: p50 ${percentile(r.lags, 50)} ms, p95 ${p95} ms (goal < ${LAG_GOAL_MS}), max ${r.lags.at(-1)} ms`,
  );
  const met = p95 < LAG_GOAL_MS && mib < RSS_GOAL_MIB && r.stored === total;
  console.log(
    `RATIO supervision-lag-load${r.load} ${(p95 / LAG_GOAL_MS).toFixed(2)} (p95 ${p95} ms / goal ${LAG_GOAL_MS} ms; RSS ${mib} MiB; ${met ? 'goal met' : 'goal NOT met'})`,
  );
}
