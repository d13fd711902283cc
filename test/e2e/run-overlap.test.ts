import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNotifier } from '../../src/app/run/notify.js';
import { openStores } from '../../src/infra/db/stores.js';
import { ConfigSchema } from '../../src/shared/config.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeTempDb } from '../helpers/temp-db.js';
import { project, startLoop } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

// Each task sleeps while "working", so two attempts that may overlap in time really would.
const slowWriter = (id: string): string =>
  [
    'default_usage: { input: 10, output: 0 }',
    'steps:',
    '  - sleep: 400',
    `  - write: { path: src/shared/${id}.js, content: "export const v = 1;\\n" }`,
    `  - commit: 'Add ${id}'`,
    `  - result: { status: completed, summary: 'added ${id}' }`,
    '',
  ].join('\n');
const sharedTask = (id: string): string =>
  `---\nid: ${id}\ntitle: Task ${id}\nowns: ["src/shared/**"]\n---\nDo ${id}.\n`;

async function attemptWindows(runOverlapping: boolean): Promise<Array<[number, number]>> {
  p = project(
    { a: slowWriter('a'), b: slowWriter('b') },
    `run_overlapping: ${runOverlapping}\ngates:\n  test: [node, -e, "process.exit(0)"]\n`,
    { a: sharedTask('a'), b: sharedTask('b') },
  );
  const { ctx, loop } = await startLoop(p.root);
  try {
    const done = await loop.whenDone();
    expect(done.merged.sort()).toEqual(['a', 'b']);
    const stores = openStores(ctx.db);
    return ['a', 'b'].map((id) => {
      const [attempt] = stores.attempts.listForTask(id);
      return [attempt!.started_at, attempt!.ended_at!];
    });
  } finally {
    await loop.stop();
    ctx.close();
  }
}

const overlap = ([a, b]: Array<[number, number]>): boolean => a![0] < b![1] && b![0] < a![1];

describe('grove run: tasks whose `owns` overlap', () => {
  it('never runs them at the same time by default', async () => {
    expect(overlap(await attemptWindows(false))).toBe(false);
  });

  it('runs them together when config run_overlapping allows it', async () => {
    expect(overlap(await attemptWindows(true))).toBe(true);
  });
});

describe('notifications', () => {
  it('POST every notification to notify.webhook as JSON and mark it delivered', async () => {
    const bodies: unknown[] = [];
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        bodies.push({ type: req.headers['content-type'], body: JSON.parse(text) as unknown });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const tdb = makeTempDb();
    try {
      const stores = openStores(tdb.db);
      const config = ConfigSchema.parse({ notify: { webhook: url } });
      const lines: string[] = [];
      const notifier = createNotifier(stores.notifications, config, tdb.dir, (n) => lines.push(n.message));
      notifier.notify({ kind: 'budget', taskId: 't', message: 't paused at 85%' });
      await notifier.flush();
      expect(bodies).toHaveLength(1);
      expect(bodies[0]).toMatchObject({
        type: 'application/json',
        body: { kind: 'budget', taskId: 't', message: 't paused at 85%' },
      });
      expect(stores.notifications.list({ undeliveredOnly: true })).toEqual([]);
      expect(lines).toEqual(['t paused at 85%']);
    } finally {
      server.close();
      tdb.cleanup();
    }
  });

  it('says so, and keeps the notification undelivered, when the webhook cannot be reached', async () => {
    const tdb = makeTempDb();
    try {
      const stores = openStores(tdb.db);
      const config = ConfigSchema.parse({ notify: { webhook: 'http://127.0.0.1:9/unreachable' } });
      const lines: string[] = [];
      const notifier = createNotifier(stores.notifications, config, tdb.dir, (n) => lines.push(n.message));
      notifier.notify({ kind: 'stuck', taskId: 't', message: 't is stuck' });
      await notifier.flush();
      expect(lines[1]).toMatch(/notify\.webhook could not be reached/);
      expect(stores.notifications.list({ undeliveredOnly: true })).toHaveLength(1);
    } finally {
      tdb.cleanup();
    }
  });
});
