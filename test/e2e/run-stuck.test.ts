import { afterEach, describe, expect, it } from 'vitest';
import { openStores } from '../../src/infra/db/stores.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { project, startLoop } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

// Runs 1-3 commit something that does not satisfy the gate; run 4 (the fresh session) does.
const STUBBORN = [
  'default_usage: { input: 0, output: 0 }',
  'runs:',
  '  1-3:',
  "    - write: { path: 'src/t/try-{{run}}.txt', content: 'no' }",
  "    - commit: 'Try {{run}}'",
  "    - result: { summary: 'tried {{run}}' }",
  '  4+:',
  "    - write: { path: src/t/ok.txt, content: 'ok' }",
  "    - commit: 'Fix it'",
  "    - result: { summary: 'fixed' }",
  '',
].join('\n');

const GATE = `gates:\n  test: [node, -e, "require('fs').existsSync('src/t/ok.txt') || (console.error('src/t/ok.txt is missing'), process.exit(1))"]\n`;

describe('grove run: the fix loop and stuck detection', () => {
  it('sends gate failures back to the same session, then after 3 identical failures reassigns a fresh one', async () => {
    p = project({ t: STUBBORN }, GATE);
    const { ctx, loop } = await startLoop(p.root);
    try {
      const done = await loop.whenDone();
      expect(done.merged).toEqual(['t']);
      const stores = openStores(ctx.db);
      const attempts = stores.attempts.listForTask('t');
      expect(attempts.map((a) => a.kind)).toEqual(['initial', 'fix', 'fix', 'reassign']);
      expect(attempts[1]!.session_id).toBe(attempts[0]!.session_id);
      expect(attempts[2]!.session_id).toBe(attempts[0]!.session_id);
      expect(attempts[3]!.session_id).not.toBe(attempts[0]!.session_id);
      const failed = stores.gates.listForTask('t').filter((g) => !g.ok);
      expect(failed).toHaveLength(3);
      expect(new Set(failed.map((g) => g.fingerprint)).size).toBe(1);
      const path = stores.tasks.stateHistory('t').map((h) => h.to);
      expect(path).toEqual([
        'planned',
        'ready',
        'running',
        'verifying',
        'fixing',
        'verifying',
        'fixing',
        'verifying',
        'stuck',
        'reassigned',
        'running',
        'verifying',
        'verified',
        'queued',
        'integrating',
        'merged',
      ]);
      expect(stores.notifications.list().map((n) => n.kind)).toContain('stuck');
    } finally {
      await loop.stop();
      ctx.close();
    }
  });
});
