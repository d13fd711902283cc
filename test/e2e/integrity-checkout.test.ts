// Issue 17 item 1: the user's checkout of the base branch is never left inconsistent. While it has
// uncommitted changes the merge queue holds (the task waits `queued`, the lead is told in `grove run`,
// `grove status` and the dashboard); once the checkout is clean integration goes on by itself and the
// checkout matches the branch.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { enqueueTask, integrateNow } from '../../src/app/queue/index.js';
import { queueView } from '../../src/app/queue/view.js';
import { makeGroveProject, worktreeOf } from '../helpers/grove-project.js';
import { walkTo } from '../helpers/task-state.js';
import { GIT_TEST_ENV } from '../helpers/git-repo.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { startNode } from '../helpers/node-script.js';
import { waitFor } from '../helpers/wait.js';
import { project, scriptedTask, writeScript } from './run-helpers.js';

const BIN = resolve(import.meta.dirname, '../../bin/grove.js');

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

async function taskState(root: string, id: string): Promise<string | undefined> {
  const ctx = await openProject(root);
  try {
    return ctx.store.get(id)?.state;
  } finally {
    ctx.close();
  }
}

describe('grove run and the checkout of the base branch', () => {
  it('holds while the user has uncommitted edits in main, says so everywhere, integrates after git stash', async () => {
    p = project({ t: writeScript('t') }, 'gates:\n  test: [node, -e, "0"]\n');
    const first = p.git('rev-parse', 'main').trim();
    writeFileSync(join(p.root, 'README.md'), 'my own edit, not committed\n');

    const run = startNode([BIN, 'run', '--no-dashboard'], { cwd: p.root });
    try {
      await run.waitFor('integration held: your checkout of main', 60_000);
      // Nothing moved under the user's edit: the branch, the index and the files are as they were.
      expect(p.git('rev-parse', 'main').trim()).toBe(first);
      expect(p.git('status', '--porcelain').trim()).toBe('M README.md');
      expect(await taskState(p.root, 't')).toBe('queued');
      expect(run.output()).toContain('README.md');

      const status = p.grove('status');
      expect(status.stdout).toMatch(/integration held: your checkout of main at .* \(README\.md\).*stash/);
      const ctx = await openProject(p.root);
      try {
        expect(queueView(ctx.stores.queue, ctx.stores.journal).note).toMatch(
          /^integration held: .*README\.md/,
        );
      } finally {
        ctx.close();
      }

      // The user stashes (retried: grove's own `git status` may hold the index lock for a moment).
      await waitFor(
        () => {
          try {
            p!.git('stash', '-q');
            return true;
          } catch {
            return false;
          }
        },
        { timeoutMs: 10_000, what: 'git stash to succeed' },
      );
      const end = await run.exited;
      expect(end.code, end.stderr + run.output()).toBe(0);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGTERM');
    }
    expect(run.output()).toContain('integration resumed');
    expect(await taskState(p.root, 't')).toBe('merged');
    expect(p.git('rev-list', '--count', `${first}..main`).trim()).toBe('1');
    // The checkout came along with the branch: its files are main's, nothing staged or changed.
    expect(p.git('status', '--porcelain').trim()).toBe('');
    expect(readFileSync(join(p.root, 'src/t/index.js'), 'utf8')).toBe('export const v = 1;\n');
    expect(p.git('diff', 'main', '--stat').trim()).toBe('');
    // The user's edit is still theirs, in the stash.
    expect(p.git('stash', 'list').trim()).not.toBe('');
    const after = new Set(
      p
        .grove('status')
        .stdout.split('\n')
        .filter((l) => l.startsWith('integration held')),
    );
    expect(after.size).toBe(0);
  }, 120_000);

  it('a file the merge adds appears in the checkout during the round: refused, held until it is gone', async () => {
    // The queue's test (run in .git/grove/integration/<n>) drops an untracked a.txt into the checkout once.
    const gate =
      'if [ ! -e ../../../../.once ]; then touch ../../../../.once; echo mine > ../../../../a.txt; fi';
    p = makeGroveProject({ tasks: ['a'], config: `gates:\n  test: "${gate}"\n` });
    expect(p.grove('spawn', 'a').stderr).toBe('');
    const wt = worktreeOf(p, 'a');
    writeFileSync(join(wt, 'a.txt'), 'a\n');
    p.git('-C', wt, 'add', '-A');
    p.git('-C', wt, 'commit', '-q', '-m', 'a work');
    const first = p.git('rev-parse', 'main').trim();
    const integrate = async () => {
      const ctx = await openProject(p!.root);
      try {
        if (ctx.store.require('a').state !== 'queued') {
          walkTo(ctx.store, 'a', 'verified', 'test: gates passed');
          enqueueTask(ctx, 'a', 'cli');
        }
        const report = await integrateNow(ctx);
        return { report, state: ctx.store.require('a').state };
      } finally {
        ctx.close();
      }
    };

    const held = await integrate();
    expect(held.state).toBe('queued');
    expect(held.report.merged).toEqual([]);
    expect(held.report.notes.join('\n')).toMatch(/integration held: .*\(a\.txt\)/);
    expect(p.git('rev-parse', 'main').trim()).toBe(first);
    expect(readFileSync(join(p.root, 'a.txt'), 'utf8')).toBe('mine\n');
    // Still held on the next try: the path that blocked the move is still there.
    expect((await integrate()).report.merged).toEqual([]);

    p.git('clean', '-q', '-f', '--', 'a.txt');
    const done = await integrate();
    expect(done.state).toBe('merged');
    expect(p.git('status', '--porcelain', '--untracked-files=no').trim()).toBe('');
    expect(readFileSync(join(p.root, 'a.txt'), 'utf8')).toBe('a\n');
  }, 60_000);
});

// Issue 17 item 3: a task's worktree folder deleted by hand.
const PAUSES = ['steps:', '  - usage: { input: 9000, output: 0 }', '  - hang: true', ''].join('\n');

describe('a worktree folder deleted by hand', () => {
  it('the task that needed it fails with what was lost and what to run; the others go on; no stack trace', async () => {
    p = project({ a: PAUSES, b: writeScript('b') }, 'gates:\n  test: [node, -e, "0"]\n', {
      a: scriptedTask('a', 'budget: { tokens: 10000 }\n'),
    });
    // Run 1: a works on its branch, then pauses at its budget.
    const first = p.grove('run', '--no-dashboard', 'a');
    expect(first.code, first.stdout + first.stderr).toBe(1);
    expect(await taskState(p.root, 'a')).toBe('paused');
    const wt = worktreeOf(p, 'a');
    writeFileSync(join(wt, 'src-a.txt'), 'a\n');
    p.git('-C', wt, 'add', '-A');
    p.git('-C', wt, 'commit', '-q', '-m', 'a: some work');
    const tip = p.git('rev-parse', 'grove/a').trim();
    rmSync(wt, { recursive: true, force: true });

    const resumed = p.grove('resume', 'a', '--budget', '+100k');
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    const second = p.grove('run', '--no-dashboard');
    expect(second.stderr).not.toMatch(/^\s+at /m);
    expect(second.code, second.stdout + second.stderr).toBe(1);
    const ctx = await openProject(p.root);
    try {
      expect(ctx.store.require('b').state).toBe('merged');
      const a = ctx.store.require('a');
      expect(a.state).toBe('failed');
      const cause = ctx.store.stateHistory('a').at(-1)?.cause ?? '';
      expect(cause).toContain(
        `the worktree ${wt} of task a was deleted; its branch grove/a still has 1 commit (tip ${tip.slice(0, 8)})`,
      );
      expect(cause).toContain('grove retry a');
      expect(cause).not.toContain('ENOENT');
      expect(ctx.stores.attempts.listForTask('a').every((x) => x.ended_at !== null)).toBe(true);
    } finally {
      ctx.close();
    }
    // grove status still answers, and says the folder is missing.
    const status = p.grove('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`${wt} (missing)`);
    // grove spawn makes the worktree again from the branch: the committed work is back.
    const spawn = p.grove('spawn', 'a');
    expect(spawn.code, spawn.stderr).toBe(0);
    expect(existsSync(join(wt, 'src-a.txt'))).toBe(true);
    expect(p.git('-C', wt, 'rev-parse', 'HEAD').trim()).toBe(tip);
  }, 120_000);
});

describe('Ctrl-C during a gate', () => {
  it('kills the gate, exits 130 with no stack trace, and leaves the task verifying for the next run', async () => {
    p = project({ t: writeScript('t') }, 'gates:\n  test: [sleep, "30"]\n');
    const run = startNode([BIN, 'run', '--no-dashboard'], { cwd: p.root });
    try {
      await run.waitFor('gate knowledge-file passed', 60_000);
      // The configured gate (`sleep 30`) runs next, right after the built-in ones.
      const started = Date.now();
      run.child.kill('SIGINT');
      const end = await run.exited;
      expect(end.stderr).not.toMatch(/^\s+at /m);
      expect(end.stderr).not.toContain('TypeError');
      expect(end.code, end.stderr).toBe(130);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
    expect(await taskState(p.root, 't')).toBe('verifying');
    const ctx = await openProject(p.root);
    try {
      expect(ctx.stores.gates.listForTask('t').map((g) => g.gate)).not.toContain('test');
    } finally {
      ctx.close();
    }
  }, 90_000);
});

describe('submodules', () => {
  it('a worktree gets them initialised (or a warning); clean --force keeps files changed inside one', async () => {
    p = makeGroveProject({ tasks: ['a', 'b'] });
    const sub = join(p.parent, 'sub');
    mkdirSync(sub);
    const inSub = (...args: string[]) => spawnSync('git', ['-C', sub, ...args], { env: GIT_TEST_ENV });
    inSub('init', '-q', '-b', 'main');
    writeFileSync(join(sub, 'lib.txt'), 'lib\n');
    inSub('add', '-A');
    inSub('commit', '-q', '-m', 'lib');
    p.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub, 'vendor/sub');
    p.git('commit', '-q', '-m', 'add the submodule');
    const fileTransport = {
      ...GIT_TEST_ENV,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'protocol.file.allow',
      GIT_CONFIG_VALUE_0: 'always',
    };
    const spawned = spawnSync(process.execPath, [BIN, 'spawn', 'a'], {
      cwd: p.root,
      env: fileTransport,
      encoding: 'utf8',
    });
    expect(spawned.status, spawned.stderr).toBe(0);
    const wt = worktreeOf(p, 'a');
    expect(readFileSync(join(wt, 'vendor/sub/lib.txt'), 'utf8')).toBe('lib\n');

    // Without the file transport allowed the submodule cannot be fetched: the worktree is made, and said.
    expect(p.grove('spawn', 'b').code).toBe(0);
    const ctx = await openProject(p.root);
    try {
      const warning = ctx.stores.notifications.list().find((n) => n.task_id === 'b' && n.kind === 'warning');
      expect(warning?.message).toMatch(
        /the submodules of .*\/b could not be initialised .*submodule update --init --recursive/,
      );
    } finally {
      ctx.close();
    }

    writeFileSync(join(wt, 'vendor/sub/mine.txt'), 'written in the submodule\n');
    const clean = p.grove('clean', 'a', '--force');
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toContain(
      'files changed inside submodule(s) vendor/sub, which a backup cannot hold',
    );
    expect(readFileSync(join(wt, 'vendor/sub/mine.txt'), 'utf8')).toBe('written in the submodule\n');
  }, 60_000);
});
