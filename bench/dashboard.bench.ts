// The dashboard under load, in the real browser (headless Chromium, the real `grove dashboard` process):
// 200 tasks on the board while agent events arrive at 500 per second for BENCH_SECONDS (default 10).
// Prints the board's update latency, event written → painted on its card (p50/p95; goal p95 < 100 ms),
// and the dashboard server's CPU over the same window (goal < 30% of one core). Baseline in the same
// process: the browser test's load, 50 tasks at 100 events/s, so the ratio says how the board scales.
// Needs a built dist (`npm run build`). Usage: node --import tsx bench/dashboard.bench.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../src/infra/db/open.js';
import { TaskStore } from '../src/infra/db/task-store.js';
import { launchBrowser } from '../test/helpers/browser.js';
import { LATENCY_PROBE, readLatencies, writeEventsAtRate } from '../test/helpers/board-latency.js';
import type { LatencyFigures } from '../test/helpers/board-latency.js';
import { startDashboardProcess } from '../test/helpers/dashboard-process.js';
import { makeTempRepo } from '../test/helpers/git-repo.js';
import { walkTo } from '../test/helpers/task-state.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ: 100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds the process has used so far. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ": state is field 3, utime 14 and stime 15 (1-based) → indexes 11 and 12 here.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

interface Load {
  tasks: number;
  rate: number;
}
interface Figures extends LatencyFigures {
  /** The dashboard server's CPU while the events arrived, in % of one core. */
  serverCpuPercent: number;
}

async function measure(load: Load): Promise<Figures> {
  const repo = makeTempRepo({ files: { '.grove/config.yaml': 'dashboard:\n  port: 0\n' } });
  const db = openDatabase(join(repo.root, '.git', 'grove', 'grove.db'));
  const store = new TaskStore(db);
  const ids = Array.from({ length: load.tasks }, (_, i) => `t${String(i + 1).padStart(3, '0')}`);
  ids.forEach((id, i) => {
    store.upsert(id, { title: `Task ${i + 1}`, agent: 'scripted', budget_tokens: 100_000 });
    walkTo(store, id, i % 4 === 0 ? 'ready' : 'running', 'set up by the benchmark');
  });
  const [dashboard, browser] = await Promise.all([startDashboardProcess(repo.root), launchBrowser()]);
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(dashboard.url);
    await page.getByTestId(`card-${ids.at(-1)!}`).waitFor();
    await page.getByTestId('connection').filter({ hasText: 'live' }).waitFor();
    await page.evaluate(LATENCY_PROBE);
    const pid = dashboard.child.pid!;
    const cpuBefore = cpuSeconds(pid);
    const started = Date.now();
    const written = await writeEventsAtRate(store, ids, load.rate, SECONDS);
    const figures = await readLatencies(page, ids, written);
    const serverCpuPercent = ((cpuSeconds(pid) - cpuBefore) / ((Date.now() - started) / 1000)) * 100;
    return { ...figures, serverCpuPercent: Math.round(serverCpuPercent) };
  } finally {
    await browser.close();
    await dashboard.stop();
    db.close();
    repo.cleanup();
  }
}

const baseline = await measure({ tasks: 50, rate: 100 });
console.log(`50 tasks @ 100 events/s for ${SECONDS}s: ${JSON.stringify(baseline)}`);
const grove = await measure({ tasks: 200, rate: 500 });
console.log(`200 tasks @ 500 events/s for ${SECONDS}s: ${JSON.stringify(grove)}`);
const r = (x: number): string => x.toFixed(2);
console.log(
  `RATIO dashboard board update p95, 200 tasks @ 500 ev/s vs 50 @ 100: ${r(grove.p95 / baseline.p95)}× ` +
    `(${grove.p95} ms vs ${baseline.p95} ms; goal < 100 ms: ${grove.p95 < 100 ? 'met' : 'not met'})`,
);
console.log(
  `RATIO dashboard server CPU, 200 tasks @ 500 ev/s vs 50 @ 100: ${r(grove.serverCpuPercent / Math.max(1, baseline.serverCpuPercent))}× ` +
    `(${grove.serverCpuPercent}% vs ${baseline.serverCpuPercent}% of a core; goal < 30%: ${grove.serverCpuPercent < 30 ? 'met' : 'not met'})`,
);
