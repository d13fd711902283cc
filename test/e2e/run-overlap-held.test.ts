// Overlap holds end to end (issue 23, item 1): with run_overlapping off, three tasks that own and append
// to the same file run one after another through the REAL merge queue; each starts from a base that
// already contains the ones before it, so the queue never sees a conflict.
import { afterEach, describe, expect, it } from 'vitest';
import { defaultPorts } from '../../src/app/run/ports.js';
import { openStores } from '../../src/infra/db/stores.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { project, startLoop } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const IDS = ['add-a', 'add-b', 'add-c'];
const appender = (id: string): string =>
  [
    'default_usage: { input: 10, output: 0 }',
    'steps:',
    '  - sleep: 300',
    `  - append: { path: src/utils.txt, content: "${id}\\n" }`,
    `  - commit: 'Append ${id}'`,
    `  - result: { status: completed, summary: 'appended ${id}' }`,
    '',
  ].join('\n');
const owner = (id: string): string =>
  `---\nid: ${id}\ntitle: Task ${id}\nowns: ["src/utils.txt"]\n---\nAppend ${id} to src/utils.txt.\n`;

describe('grove run: tasks that own the same file, run_overlapping off', () => {
  it('run one after another, each from a base containing the earlier ones, and all merge without a conflict', async () => {
    p = project(
      Object.fromEntries(IDS.map((id) => [id, appender(id)])),
      'gates:\n  test: [node, -e, "process.exit(0)"]\n',
      Object.fromEntries(IDS.map((id) => [id, owner(id)])),
    );
    p.commit('utils', { 'src/utils.txt': 'start\n' });
    const { ctx, loop } = await startLoop(p.root, defaultPorts); // the real verifier and merge queue
    try {
      const done = await loop.whenDone();
      expect(done.merged.sort()).toEqual(IDS);
      const stores = openStores(ctx.db);

      // One attempt each, no fix, no conflict: the queue had nothing to send back.
      for (const id of IDS) {
        expect(stores.attempts.listForTask(id).map((a) => [a.kind, a.outcome])).toEqual([
          ['initial', 'completed'],
        ]);
        const moves = stores.tasks.stateHistory(id).map((h) => h.to);
        expect(moves).not.toContain('fixing');
        expect(moves).not.toContain('conflict');
      }
      expect(
        stores.journal.query({ types: ['queue'] }).filter((r) => JSON.stringify(r.data).includes('conflict')),
      ).toEqual([]);

      // In id order, one at a time: each starts after the one before is merged (journal timestamps).
      const startedAt = (id: string): number => stores.attempts.listForTask(id)[0]!.started_at;
      const endedAt = (id: string): number => stores.attempts.listForTask(id)[0]!.ended_at!;
      const mergedAt = (id: string): number =>
        stores.tasks.stateHistory(id).find((h) => h.to === 'merged')!.at;
      for (let i = 1; i < IDS.length; i++) {
        const [before, after] = [IDS[i - 1]!, IDS[i]!];
        expect(startedAt(after)).toBeGreaterThanOrEqual(mergedAt(before));
        expect(startedAt(after)).toBeGreaterThan(endedAt(before));
      }

      // Each worktree was made from a base that already held the earlier tasks' lines.
      IDS.forEach((id, i) => {
        const created = stores.journal
          .forTask(id, ['workspace'])
          .map((r) => r.data as { action: string; baseOid?: string })
          .find((d) => d.action === 'created');
        expect(created?.baseOid, `${id} worktree created`).toBeDefined();
        const base = p!.git('show', `${created!.baseOid!}:src/utils.txt`);
        expect(base).toBe(['start', ...IDS.slice(0, i), ''].join('\n'));
      });
      expect(p.git('show', 'main:src/utils.txt')).toBe(['start', ...IDS, ''].join('\n'));

      // The waiting tasks were told why, once each.
      const waits = stores.notifications.list().filter((n) => n.kind === 'waiting');
      expect(waits.map((n) => n.message)).toEqual([
        'add-b waits for add-a (owns src/utils.txt too): add-b starts once add-a is merged, from a base that contains it',
        'add-c waits for add-a (owns src/utils.txt too): add-c starts once add-a is merged, from a base that contains it',
        'add-c waits for add-b (owns src/utils.txt too): add-c starts once add-b is merged, from a base that contains it',
      ]);
    } finally {
      await loop.stop();
      ctx.close();
    }
  }, 120_000);
});
