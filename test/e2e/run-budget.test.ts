import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resumeTask } from '../../src/app/task-commands/index.js';
import { openStores } from '../../src/infra/db/stores.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { waitFor } from '../helpers/wait.js';
import { project, scriptedTask, startLoop, stateOf } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

// Run 1 spends 10k tokens per message, 100 ms apart (200k in all); the resumed session finishes.
const SPENDER = [
  'default_usage: { input: 0, output: 0 }',
  'runs:',
  '  1:',
  '    - repeat: { times: 20, steps: [{ usage: { input: 10000, output: 0 } }, { sleep: 100 }] }',
  "    - write: { path: src/t/early.js, content: 'x' }",
  "    - result: { summary: 'spent it all' }",
  '  default:',
  "    - write: { path: src/t/index.js, content: 'export const t = 1;\\n' }",
  "    - commit: 'Finish t'",
  "    - result: { summary: 'finished after resume' }",
  '',
].join('\n');

describe('grove run: budgets', () => {
  it('pauses at 85% with a notification, and `resume --budget +N` continues the same session', async () => {
    const notified = 'notified.jsonl';
    p = project(
      { t: SPENDER },
      [
        'gates:',
        '  test: [node, -e, "process.exit(0)"]',
        'notify:',
        `  command: [node, -e, "process.stdin.pipe(require('fs').createWriteStream('${notified}', {flags: 'a'}))"]`,
        '',
      ].join('\n'),
      { t: scriptedTask('t', 'budget: { tokens: 100000 }\n') },
    );
    const { ctx, loop } = await startLoop(p.root);
    try {
      await waitFor(() => stateOf(ctx, 't') === 'paused', { what: 'paused', timeoutMs: 20_000 });
      const stores = openStores(ctx.db);
      const [first] = stores.attempts.listForTask('t');
      await waitFor(() => stores.attempts.require(first!.id).ended_at !== null, {
        what: 'the attempt to end',
        timeoutMs: 20_000,
      });
      expect(stores.attempts.require(first!.id).outcome).toBe('paused');
      const used = stores.usage.totalsForTask('t').total;
      expect(used).toBeGreaterThanOrEqual(85_000);
      expect(used).toBeLessThan(200_000); // stopped part way
      const budgetNote = stores.notifications.list().find((n) => n.kind === 'budget');
      expect(budgetNote?.message).toContain('grove resume t --budget');
      await waitFor(
        () => {
          try {
            return readFileSync(join(p!.root, notified), 'utf8').includes('"kind":"budget"');
          } catch {
            return false;
          }
        },
        { what: 'notify.command', timeoutMs: 20_000 },
      );

      const r = resumeTask(ctx, 't', 'cli', '+200k');
      expect(r.message).toContain(`continues session ${first!.session_id}`);
      const done = await loop.whenDone();
      expect(done.merged).toEqual(['t']);
      const attempts = stores.attempts.listForTask('t');
      expect(attempts.map((a) => a.kind)).toEqual(['initial', 'resume']);
      expect(attempts[1]!.session_id).toBe(first!.session_id);
      expect(stores.tasks.require('t').budget_tokens).toBe(300_000);
    } finally {
      await loop.stop();
      ctx.close();
    }
  });
});
