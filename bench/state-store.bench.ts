// State store ingest cost against a baseline run in the same process.
// Run: node --import tsx bench/state-store.bench.ts
// Baseline: the same number of journal rows inserted by bare prepared statements in one immediate
// transaction per batch (the floor set by SQLite commits). Measured: AttemptStore.ingest with a
// message and a usage event per batch (row validation, usage dedup, offset check and advance).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/infra/db/open.js';
import { openStores } from '../src/infra/db/stores.js';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 3000);

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const dir = mkdtempSync(join(tmpdir(), 'grove-bench-'));
try {
  const db = openDatabase(join(dir, 'grove.db'));
  const stores = openStores(db);
  const insert = db.prepare("INSERT INTO events (at, task_id, type, data) VALUES (?, 'base', 'x', ?)");
  const baseline = timed(() => {
    for (let i = 0; i < BATCHES; i++)
      db.transaction(() => {
        insert.run(i, '{"kind":"message"}');
        insert.run(i, '{"kind":"usage"}');
      }).immediate();
  });
  const a = stores.attempts.create({
    taskId: 't',
    kind: 'initial',
    agent: 'x',
    adapter: 'scripted',
    logDir: '/l',
  });
  const ingest = timed(() => {
    for (let i = 0; i < BATCHES; i++)
      stores.attempts.ingest(
        a.id,
        'stdout',
        (i + 1) * 100,
        [
          { kind: 'message', role: 'assistant', text: 'working on it '.repeat(5) },
          { kind: 'usage', messageId: `m${i}`, input: 100, output: 20, cacheRead: 0, cacheWrite: 0 },
        ],
        { fromOffset: i * 100 },
      );
  });
  const totals = timed(() => {
    for (let i = 0; i < 100; i++) stores.usage.totalsForTask('t');
  });
  const us = (ms: number) => `${((ms / BATCHES) * 1000).toFixed(0)} µs`;
  console.log(`batches: ${BATCHES}`);
  console.log(`baseline (2 bare inserts per transaction): ${us(baseline)} per batch`);
  console.log(`AttemptStore.ingest (2 events per batch):  ${us(ingest)} per batch`);
  console.log(`ratio ingest / baseline: ${(ingest / baseline).toFixed(2)}`);
  console.log(`UsageStore.totalsForTask over ${BATCHES} usage rows: ${(totals / 100).toFixed(2)} ms`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
