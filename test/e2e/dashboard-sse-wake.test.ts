// The real `grove dashboard` reads new journal rows when the database is written (a watch on it), not
// on its poll: its fallback poll is 1 s, so events that arrived only by polling would wait up to a
// second; woken by the write they arrive within a few tens of milliseconds.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/infra/db/open.js';
import type { Db } from '../../src/infra/db/open.js';
import { TaskStore } from '../../src/infra/db/task-store.js';
import { agentMessage } from '../helpers/board-latency.js';
import { startDashboardProcess } from '../helpers/dashboard-process.js';
import type { DashboardProcess } from '../helpers/dashboard-process.js';
import { makeTempRepo } from '../helpers/git-repo.js';
import type { TempRepo } from '../helpers/git-repo.js';
import { readSse } from '../helpers/sse.js';

describe('grove dashboard: the journal stream wakes on writes', () => {
  let repo: TempRepo;
  let db: Db;
  let store: TaskStore;
  let dashboard: DashboardProcess;

  beforeAll(async () => {
    repo = makeTempRepo({ files: { '.grove/config.yaml': 'dashboard:\n  port: 0\n' } });
    db = openDatabase(join(repo.root, '.git', 'grove', 'grove.db'));
    store = new TaskStore(db);
    store.upsert('t1', { title: 'Task 1', agent: 'scripted' });
    dashboard = await startDashboardProcess(repo.root);
  });
  afterAll(async () => {
    await dashboard?.stop();
    db?.close();
    repo?.cleanup();
  });

  it('sends each event written by another process within a fraction of the 1 s fallback poll', async () => {
    const token = new URL(dashboard.url).searchParams.get('token')!;
    const res = await fetch(`${dashboard.origin}/api/events`, { headers: { 'x-grove-token': token } });
    expect(res.status).toBe(200);
    const sse = readSse(res);
    const delays: number[] = [];
    try {
      // Let the stream start and settle into its wait.
      await new Promise((r) => setTimeout(r, 500));
      for (let i = 0; i < 6; i++) {
        const written = Date.now();
        store.appendEvent('t1', { type: 'agent', data: agentMessage(`step ${i}`) });
        await sse.until(() => sse.events.length > i, 5_000);
        delays.push(Date.now() - written);
        await new Promise((r) => setTimeout(r, 200 + Math.random() * 200));
      }
    } finally {
      await sse.cancel();
    }
    const sorted = [...delays].sort((a, b) => a - b);
    console.log(`journal stream delays (ms): ${delays.join(', ')}`);
    // Polled once a second, the median delay would be about 500 ms; woken by the write, tens of ms.
    expect(sorted[3]).toBeLessThan(250);
  });
});
