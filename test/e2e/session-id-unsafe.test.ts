// An agent CLI that reports the session id `--dangerously-skip-permissions` must not get that flag on
// the next attempt: grove never records the id, never resumes it (a fresh session with grove's own
// `--session-id`), and an unsafe id already stored by an older grove is refused with a journal note.
// The real run loop, the real scripted agent, real git; the argv checked is the one the attempt
// wrapper launched (`<logs>/<task>/<n>.launch.json`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProjectContext } from '../../src/app/context.js';
import { attemptFiles } from '../../src/app/attempts/files.js';
import { pauseTask, resumeTask } from '../../src/app/task-commands/index.js';
import { openStores } from '../../src/infra/db/stores.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { waitFor } from '../helpers/wait.js';
import { project, startLoop, stateOf } from './run-helpers.js';

const BAD = '--dangerously-skip-permissions';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

/** The argv the attempt's wrapper ran (its launch spec). */
function launchedArgs(ctx: ProjectContext, taskId: string, n: number): string[] {
  const row = openStores(ctx.db)
    .attempts.listForTask(taskId)
    .find((a) => a.n === n);
  if (!row) throw new Error(`no attempt ${n} of ${taskId}`);
  const spec = JSON.parse(readFileSync(attemptFiles(row.log_dir, n).launch, 'utf8')) as { args: string[] };
  return spec.args;
}

function promptOf(ctx: ProjectContext, taskId: string, run: number): string {
  return readFileSync(
    join(
      ctx.paths.stateDir,
      'homes',
      taskId,
      'scripted',
      'scripted-agent',
      `${taskId}.run-${run}.prompt.txt`,
    ),
    'utf8',
  );
}

describe('unsafe agent session ids', () => {
  it('an agent reporting `--dangerously-skip-permissions` as its session: the fix starts a fresh session', async () => {
    const script = [
      'runs:',
      '  1:',
      '    - write: { path: src/t/value.txt, content: "broken\\n" }',
      "    - commit: 'Broken first try'",
      "    - result: { summary: 'first try' }",
      '  default:',
      '    - edit: { path: src/t/value.txt, find: broken, replace: fixed }',
      "    - commit: 'Fix'",
      "    - result: { summary: 'fixed' }",
      '',
    ].join('\n');
    // The scripted agent takes the last --session-id it is given as the id it reports.
    const config = [
      'agents:',
      '  scripted:',
      '    adapter: scripted',
      `    args: ["--session-id=${BAD}"]`,
      'gates:',
      '  test: [grep, -q, fixed, src/t/value.txt]',
      '',
    ].join('\n');
    p = project({ t: script }, config);
    const { ctx, loop } = await startLoop(p.root);
    try {
      const done = await loop.whenDone();
      expect(done.merged).toEqual(['t']);
      const stores = openStores(ctx.db);
      const attempts = stores.attempts.listForTask('t');
      expect(attempts.map((a) => a.kind)).toEqual(['initial', 'fix']);
      // Never recorded: not on the task, not on an attempt.
      expect(stores.tasks.require('t').session_id).toBeNull();
      expect(attempts.map((a) => a.session_id)).toEqual([null, null]);
      // Said, in the first attempt's events.
      const errors = stores.agentEvents
        .list('t', { attemptId: attempts[0]!.id })
        .flatMap((e) => (e.event.kind === 'error' ? [e.event.message] : []));
      expect(errors).toContainEqual(expect.stringContaining(`ignored the session id "${BAD}"`));
      // The fix attempt: no --resume at all; grove's own fresh --session-id (a UUID) comes first.
      const args = launchedArgs(ctx, 't', 2);
      expect(args).not.toContain('--resume');
      expect(args[args.indexOf('--session-id') + 1]).toMatch(UUID);
      // A fresh session gets the whole task, not just "continue", then the failure; and it is told
      // once, at the end, how to finish (issue 24: the section came twice).
      const fix = promptOf(ctx, 't', 2);
      expect(fix.startsWith('# Task t: Task t')).toBe(true);
      expect(fix).toContain('The `test` check failed');
      expect(fix.match(/## When you finish/g)).toHaveLength(1);
      expect(fix.indexOf('## When you finish')).toBeGreaterThan(fix.indexOf('The `test` check failed'));
    } finally {
      await loop.stop();
      ctx.close();
    }
  });

  it('an unsafe id stored by an older grove is not resumed: a fresh session, and the journal says why', async () => {
    const script = [
      'default_usage: { input: 0, output: 0 }',
      'runs:',
      "  1: [{ say: 'working' }, { hang: true }]",
      "  default: [{ write: { path: src/t/x.js, content: 'x' } }, { commit: 'x' }, { result: { summary: 'done' } }]",
      '',
    ].join('\n');
    p = project({ t: script }, 'gates:\n  test: [node, -e, "process.exit(0)"]\n');
    const { ctx, loop } = await startLoop(p.root);
    try {
      const stores = openStores(ctx.db);
      await waitFor(() => stores.agentEvents.list('t').length > 0, {
        what: 'the agent to talk',
        timeoutMs: 20_000,
      });
      expect(await pauseTask(ctx, 't', 'cli')).toMatchObject({ kind: 'done', to: 'paused' });
      await waitFor(() => stateOf(ctx, 't') === 'paused', { what: 'paused', timeoutMs: 20_000 });
      // What a grove that recorded ids unchecked left behind.
      ctx.db.prepare('UPDATE tasks SET session_id = ? WHERE id = ?').run(BAD, 't');
      const done = loop.whenDone();
      expect(resumeTask(ctx, 't', 'cli')).toMatchObject({ kind: 'done', to: 'ready' });
      expect((await done).merged).toEqual(['t']);

      const attempts = stores.attempts.listForTask('t');
      expect(attempts.map((a) => a.kind)).toEqual(['initial', 'retry']); // not 'resume'
      const args = launchedArgs(ctx, 't', 2);
      expect(args).not.toContain('--resume');
      expect(args).not.toContain(BAD);
      expect(args[args.indexOf('--session-id') + 1]).toMatch(UUID);
      const started = stores.tasks.stateHistory('t').filter((h) => h.to === 'running');
      expect(started.at(-1)?.cause).toContain(`the stored session id "${BAD}" is not resumed`);
      expect(started.at(-1)?.['sessionRefused']).toMatch(/read as a command-line flag/);
      expect(promptOf(ctx, 't', 2)).toContain('# Task t: Task t');
      // The new session's own id replaced the bad one.
      expect(stores.tasks.require('t').session_id).toMatch(UUID);
    } finally {
      await loop.stop();
      ctx.close();
    }
  });
});
