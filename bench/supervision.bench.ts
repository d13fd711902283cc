// Supervision cost: AGENTS fixture agents each print EVENTS timestamped lines; one AttemptMonitor in this
// process reads and stores them all. Prints grove's CPU time per 1,000 events, peak RSS, and the lag from
// a line written to it stored (p50/p95/max), then a baseline run in the same process: the same events
// stored by bare AttemptStore.ingest calls in batches of 50 (no files, no parsing, no watching).
// Run: npm run build && node --import tsx bench/supervision.bench.ts   (env AGENTS, EVENTS)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { AttemptMonitor, attemptDeps } from '../src/app/attempts/index.js';
import { openProject } from '../src/app/context.js';
import { openDatabase } from '../src/infra/db/open.js';
import { openStores } from '../src/infra/db/stores.js';
import { makeTempRepo } from '../test/helpers/git-repo.js';

const AGENTS = Number(process.env.AGENTS ?? 30);
const EVENTS = Number(process.env.EVENTS ?? 5000);
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

const repo = makeTempRepo({
  files: {
    '.grove/config.yaml': stringify({
      agents: { ts: { adapter: 'command', bin: agentBin, args: [String(EVENTS), '50', '10'] } },
    }),
  },
});
const baseDir = mkdtempSync(join(tmpdir(), 'grove-bench-base-'));
try {
  const ctx = await openProject(repo.root);
  const deps = attemptDeps(ctx);
  for (let i = 1; i <= AGENTS; i++) ctx.store.upsert(`t${i}`, { title: `t${i}`, worktree: repo.root });
  const monitor = new AttemptMonitor(deps);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  const t0 = performance.now();
  const monitorCpu = await cpuMs(async () => {
    for (let i = 1; i <= AGENTS; i++)
      await monitor.start({ taskId: `t${i}`, kind: 'initial', prompt: '', agentName: 'ts' });
    await monitor.idle();
  });
  const wall = performance.now() - t0;
  clearInterval(sampler);
  monitor.close();
  const rows = ctx.db
    .prepare("SELECT at, json_extract(data, '$.event.text') AS text FROM events WHERE type = 'agent'")
    .all() as Array<{ at: number; text: string }>;
  const lags = rows.map((r) => r.at - (JSON.parse(r.text) as { t: number }).t).sort((a, b) => a - b);
  const outcomes = ctx.db.prepare('SELECT outcome, COUNT(*) AS n FROM attempts GROUP BY outcome').all();
  ctx.close();

  // Baseline: the same events stored by bare ingest calls, pre-parsed, in batches of 50.
  const db = openDatabase(join(baseDir, 'grove.db'));
  const stores = openStores(db);
  stores.tasks.upsert('b', { title: 'b' });
  const baseCpu = await cpuMs(() => {
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
  });
  db.close();

  const total = AGENTS * EVENTS;
  console.log(
    `supervision: ${AGENTS} agents x ${EVENTS} events = ${rows.length}/${total} stored in ${Math.round(wall)} ms`,
  );
  console.log(`  outcomes ${JSON.stringify(outcomes)}`);
  console.log(
    `  grove CPU per 1,000 events: ${((monitorCpu / total) * 1000).toFixed(1)} ms (baseline bare ingest ${((baseCpu / total) * 1000).toFixed(1)} ms, ratio ${(monitorCpu / baseCpu).toFixed(2)}x)`,
  );
  console.log(`  peak RSS: ${Math.round(peakRss / 1024 / 1024)} MiB (goal < 200)`);
  console.log(
    `  lag written→stored: p50 ${percentile(lags, 50)} ms, p95 ${percentile(lags, 95)} ms (goal < 250), max ${lags.at(-1)} ms`,
  );
} finally {
  repo.cleanup();
  rmSync(baseDir, { recursive: true, force: true });
}
