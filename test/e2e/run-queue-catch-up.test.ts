// Issue 23 items 3-5: on a queue conflict or a failing queue test, grove brings the new base into the
// task's worktree itself, through the REAL merge queue and verifier, with the scripted agent (which
// cannot resolve a conflict unless its script says how).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import type { QueueFailure } from '../../src/app/queue/index.js';
import { enqueueTask, integrateNow } from '../../src/app/queue/index.js';
import { returnCulpritsDetached } from '../../src/app/run/index.js';
import { defaultPorts } from '../../src/app/run/ports.js';
import { openStores } from '../../src/infra/db/stores.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { worktreeOf } from '../helpers/grove-project.js';
import { walkTo } from '../helpers/task-state.js';
import { waitFor } from '../helpers/wait.js';
import { project, startLoop } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const LINES = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`);
const owner = (id: string): string =>
  `---\nid: ${id}\ntitle: Edit for ${id}\nowns: ["src/shared.txt"]\n---\nEdit src/shared.txt for ${id}.\n`;
const editSteps = (id: string, find: string, replace: string, sleep: number): string[] => [
  `  - sleep: ${sleep}`,
  `  - edit: { path: src/shared.txt, find: "${find}\\n", replace: "${replace}\\n" }`,
  `  - commit: 'Edit ${id}'`,
  `  - result: { status: completed, summary: 'changed ${find} for ${id}' }`,
];
const editor = (id: string, find: string, replace: string, sleep = 300): string =>
  ['default_usage: { input: 10, output: 0 }', 'steps:', ...editSteps(id, find, replace, sleep), ''].join(
    '\n',
  );
const promptOf = (root: string, id: string, run: number): string =>
  readFileSync(
    join(root, '.git', 'grove', 'homes', id, 'scripted', 'scripted-agent', `${id}.run-${run}.prompt.txt`),
    'utf8',
  );

describe('grove run: the merge queue brings the new base into the worktree', () => {
  it('two tasks editing different hunks of one file: b’s failed queue run is settled by git’s own merge in its worktree, with no agent round', async () => {
    // The queue test fails once on the combination of a and b (a flaky integration test), passes after.
    const marker = join(tmpdir(), `grove-flaky-${process.pid}-${Date.now()}`);
    const flaky = `grep -q 'by a' src/shared.txt && grep -q 'by b' src/shared.txt && ! test -e ${marker} && touch ${marker} && echo 'FAIL combined' && exit 1; exit 0`;
    p = project(
      { a: editor('a', 'line 2', 'line 2 by a'), b: editor('b', 'line 10', 'line 10 by b', 900) },
      `run_overlapping: true\ngates:\n  test: [node, -e, "process.exit(0)"]\nqueue:\n  test: "${flaky}"\n`,
      { a: owner('a'), b: owner('b') },
    );
    p.commit('shared', { 'src/shared.txt': `${LINES.join('\n')}\n` });
    const { ctx, loop } = await startLoop(p.root, defaultPorts);
    try {
      const done = await loop.whenDone();
      expect(done.merged.sort()).toEqual(['a', 'b']);
      expect(existsSync(marker)).toBe(true);
      const stores = openStores(ctx.db);
      // No agent round for either: one attempt each, no fix iteration counted.
      for (const id of ['a', 'b']) {
        expect(
          stores.attempts.listForTask(id).map((x) => x.kind),
          id,
        ).toEqual(['initial']);
      }
      const catchUp = stores.tasks.stateHistory('b').filter((h) => h.to === 'fixing');
      expect(catchUp.map((h) => h.kind)).toEqual(['catch-up']);
      expect(catchUp[0]!.cause).toContain(
        'grove merged main into grove/b (a landed there) and git resolved it',
      );
      // b's branch holds grove's merge of main (git's own resolution of the two hunks), and main both edits.
      const merge = p.git('log', '-1', '--merges', '--format=%P%n%an%n%s', 'grove/b').trim().split('\n');
      expect(merge[0]!.split(' ')).toHaveLength(2);
      expect(merge.slice(1)).toEqual(['grove', 'Merge main into grove/b']);
      const shared = p.git('show', 'main:src/shared.txt');
      expect(shared).toContain('line 2 by a\n');
      expect(shared).toContain('line 10 by b\n');
      expect(p.git('status', '--porcelain', '--untracked-files=no').trim()).toBe('');
    } finally {
      await loop.stop();
      ctx.close();
    }
  }, 120_000);

  it('a true conflict reaches the agent as markers in its worktree plus a prompt that says so; it resolves, commits and merges', async () => {
    const resolver = [
      'default_usage: { input: 10, output: 0 }',
      'runs:',
      `  1:`,
      ...editSteps('b', 'line 5', 'line 5 by b', 900).map((l) => `  ${l}`),
      '  default:',
      // What the agent finds: the file as git left it, copied out of the worktree.
      "    - run: [sh, -c, 'cp src/shared.txt ../b-found.txt']",
      `    - write: { path: src/shared.txt, content: "${[...LINES.slice(0, 4), 'line 5 by a and b', ...LINES.slice(5)].join('\\n')}\\n" }`,
      "    - commit: 'Resolve the conflict with a'",
      "    - result: { status: completed, summary: 'kept both edits of line 5' }",
      '',
    ].join('\n');
    p = project(
      { a: editor('a', 'line 5', 'line 5 by a'), b: resolver },
      'run_overlapping: true\ngates:\n  test: [node, -e, "process.exit(0)"]\n',
      { a: owner('a'), b: owner('b') },
    );
    p.commit('shared', { 'src/shared.txt': `${LINES.join('\n')}\n` });
    const { ctx, loop } = await startLoop(p.root, defaultPorts);
    try {
      const done = await loop.whenDone();
      expect(done.merged.sort()).toEqual(['a', 'b']);
      const stores = openStores(ctx.db);
      expect(stores.attempts.listForTask('b').map((x) => x.kind)).toEqual(['initial', 'fix']);
      const fixing = stores.tasks.stateHistory('b').filter((h) => h.to === 'fixing');
      expect(fixing.map((h) => [h.from, h.kind])).toEqual([['integrating', 'conflict']]);
      expect(fixing[0]!.cause).toContain('conflict markers left in src/shared.txt');

      // The worktree held git's conflict markers when the agent started.
      const found = readFileSync(join(worktreeOf(p, 'b'), '..', 'b-found.txt'), 'utf8');
      expect(found).toMatch(/<<<<<<< HEAD\nline 5 by b\n=======\nline 5 by a\n>>>>>>> /);

      const prompt = promptOf(p.root, 'b', 2);
      expect(prompt).toContain(
        'The merge queue could not land your branch: it conflicts with new commits on `main`.',
      );
      expect(prompt).toContain('- `a`: Edit for a — “changed line 5 for a”');
      expect(prompt).toContain('grove ran `git merge main` in your worktree and git stopped at conflicts');
      expect(prompt).toContain('- `src/shared.txt`');
      expect(prompt).toContain('yours is `b`: Edit for b — “changed line 5 for b”');
      expect(prompt).toContain('`git add <files>` and `git commit --no-edit`');
      expect(prompt).not.toContain('run the command again until it passes');

      expect(p.git('show', 'main:src/shared.txt')).toContain('line 5 by a and b\n');
      expect(p.git('show', 'main:src/shared.txt')).not.toContain('<<<<<<<');
    } finally {
      await loop.stop();
      ctx.close();
    }
  }, 120_000);

  it('a queue test that fails on the merged result: grove merges main in, the gates fail there too, and the fix prompt names the tasks it was merged with', async () => {
    // Each edit alone passes; both together fail (a semantic conflict git cannot see).
    const test =
      "! (grep -q 'by a' src/shared.txt && grep -q 'by b' src/shared.txt) || (echo 'FAIL: a and b both edited'; exit 1)";
    const fixer = [
      'default_usage: { input: 10, output: 0 }',
      'runs:',
      '  1:',
      ...editSteps('b', 'line 10', 'line 10 by b', 900).map((l) => `  ${l}`),
      '  default:',
      "    - run: [sh, -c, 'git log -1 --format=%s > ../b-head.txt']",
      '    - edit: { path: src/shared.txt, find: "line 10 by b\\n", replace: "line 10 for b\\n" }',
      "    - commit: 'Work with a'",
      "    - result: { status: completed, summary: 'worded line 10 so it works with a' }",
      '',
    ].join('\n');
    p = project(
      { a: editor('a', 'line 2', 'line 2 by a'), b: fixer },
      `run_overlapping: true\ngates:\n  test: [sh, -c, "${test}"]\n`,
      { a: owner('a'), b: owner('b') },
    );
    p.commit('shared', { 'src/shared.txt': `${LINES.join('\n')}\n` });
    const { ctx, loop } = await startLoop(p.root, defaultPorts);
    try {
      const done = await loop.whenDone();
      expect(done.merged.sort()).toEqual(['a', 'b']);
      const stores = openStores(ctx.db);
      expect(stores.attempts.listForTask('b').map((x) => x.kind)).toEqual(['initial', 'fix']);
      expect(
        stores.tasks
          .stateHistory('b')
          .filter((h) => h.to === 'fixing')
          .map((h) => h.kind),
      ).toEqual(['catch-up', 'fix']);
      // The agent started on a worktree that already held main (grove's merge commit on top).
      expect(readFileSync(join(worktreeOf(p, 'b'), '..', 'b-head.txt'), 'utf8').trim()).toBe(
        'Merge main into grove/b',
      );
      const prompt = promptOf(p.root, 'b', 2);
      expect(prompt).toContain('The `test` check failed');
      expect(prompt).toContain('FAIL: a and b both edited');
      expect(prompt).toMatch(
        /The merge queue’s test `.+` failed on your branch merged with `main`; grove merged `main` into your branch \(commit [0-9a-f]{8}\), so your worktree holds what the queue tested/,
      );
      expect(prompt).toContain('- `a`: Edit for a — “changed line 2 for a”');
      const shared = p.git('show', 'main:src/shared.txt');
      expect(shared).toContain('line 2 by a\n');
      expect(shared).toContain('line 10 for b\n');
      // `grove queue` shows what failed, not only a fingerprint.
      const rejected = stores.queue.history(20).find((e) => e.task_id === 'b' && e.result === 'test-failed');
      expect(rejected?.detail).toMatch(/^`sh -c .+` failed: FAIL: a and b both edited \(queue:[0-9a-f]+\)$/);
    } finally {
      await loop.stop();
      ctx.close();
    }
  }, 120_000);

  it('a worktree with uncommitted work is left alone: the prompt tells the agent to merge main itself, and the cause says so', async () => {
    const idle = ['steps:', "  - result: { status: completed, summary: 'looked' }", ''].join('\n');
    p = project({ a: idle, b: idle }, 'gates:\n  test: [node, -e, "process.exit(0)"]\n', {
      a: owner('a'),
      b: owner('b'),
    });
    p.commit('shared', { 'src/shared.txt': `${LINES.join('\n')}\n` });
    for (const id of ['a', 'b']) {
      expect(p.grove('spawn', id).code).toBe(0);
      const wt = worktreeOf(p, id);
      writeFileSync(join(wt, 'src/shared.txt'), `line 1 by ${id}\n${LINES.slice(1).join('\n')}\n`);
      p.git('-C', wt, 'commit', '-qam', `${id} work`);
    }
    const wtB = worktreeOf(p, 'b');
    const headB = p.git('-C', wtB, 'rev-parse', 'HEAD').trim();
    const ctx = await openProject(p.root);
    try {
      for (const id of ['a', 'b']) {
        walkTo(ctx.store, id, 'verified', 'test: gates passed');
        enqueueTask(ctx, id, 'cli');
      }
      // The agent's work in progress: grove must not merge over it.
      writeFileSync(join(wtB, 'notes.txt'), 'half done\n');
      const culprits: Array<{ taskId: string; failure: QueueFailure }> = [];
      await integrateNow(ctx, {
        hooks: {
          onMerged: () => undefined,
          onCulprit: (taskId, failure) => culprits.push({ taskId, failure }),
        },
      });
      expect(culprits.map((c) => c.taskId)).toEqual(['b']);
      const [outcome] = await returnCulpritsDetached(ctx, culprits);
      expect(outcome).toMatchObject({ kind: 'sent-back', taskId: 'b', state: 'fixing' });
      expect(ctx.store.stateHistory('b').at(-1)!.cause).toContain(
        'grove left the worktree alone (it has uncommitted changes (notes.txt)): the agent merges main itself',
      );
      // Untouched: same HEAD, no merge started, the work in progress still there.
      expect(p.git('-C', wtB, 'rev-parse', 'HEAD').trim()).toBe(headB);
      expect(existsSync(join(p.root, '.git', 'worktrees', 'b', 'MERGE_HEAD'))).toBe(false);
      expect(readFileSync(join(wtB, 'notes.txt'), 'utf8')).toBe('half done\n');
      const prompt = await waitFor(
        () => {
          try {
            return promptOf(p!.root, 'b', 1);
          } catch {
            return undefined;
          }
        },
        { what: 'the fix prompt of b', timeoutMs: 20_000 },
      );
      expect(prompt).toContain('grove did not touch your worktree: it has uncommitted changes (notes.txt).');
      expect(prompt).toContain('merge the base yourself (`git merge main`)');
      expect(prompt).toContain('- `a`: Edit for a');
      const pid = ctx.stores.attempts.latestForTask('b')!.pid!;
      await waitFor(
        () => {
          try {
            process.kill(pid, 0);
            return false;
          } catch {
            return true;
          }
        },
        { what: 'b’s agent to exit', timeoutMs: 20_000 },
      );
    } finally {
      ctx.close();
    }
  }, 120_000);

  it('with queue.method rebase: grove rebases the branch, the prompt says to finish with git rebase --continue', async () => {
    const resolver = [
      'default_usage: { input: 10, output: 0 }',
      'runs:',
      `  1:`,
      ...editSteps('b', 'line 5', 'line 5 by b', 900).map((l) => `  ${l}`),
      '  default:',
      `    - write: { path: src/shared.txt, content: "${[...LINES.slice(0, 4), 'line 5 by a and b', ...LINES.slice(5)].join('\\n')}\\n" }`,
      '    - run: [git, add, src/shared.txt]',
      '    - run: [git, -c, core.editor=true, rebase, --continue]',
      "    - result: { status: completed, summary: 'kept both edits of line 5' }",
      '',
    ].join('\n');
    p = project(
      { a: editor('a', 'line 5', 'line 5 by a'), b: resolver },
      'run_overlapping: true\ngates:\n  test: [node, -e, "process.exit(0)"]\nqueue:\n  method: rebase\n',
      { a: owner('a'), b: owner('b') },
    );
    p.commit('shared', { 'src/shared.txt': `${LINES.join('\n')}\n` });
    const { ctx, loop } = await startLoop(p.root, defaultPorts);
    try {
      const done = await loop.whenDone();
      const stores = openStores(ctx.db);
      expect(done.merged.sort()).toEqual(['a', 'b']);
      expect(stores.attempts.listForTask('b').map((x) => x.kind)).toEqual(['initial', 'fix']);
      const prompt = promptOf(p.root, 'b', 2);
      expect(prompt).toContain('grove ran `git rebase main` in your worktree and git stopped at conflicts');
      expect(prompt).toContain('`git add <files>` and `git rebase --continue`');
      // Rebased, not merged: main's history is linear and ends with b's own commit.
      expect(p.git('rev-list', '--merges', '--count', 'main').trim()).toBe('0');
      expect(p.git('log', '-1', '--format=%s', 'main').trim()).toBe('Edit b');
      expect(p.git('show', 'main:src/shared.txt')).toContain('line 5 by a and b\n');
    } finally {
      await loop.stop();
      ctx.close();
    }
  }, 120_000);
});
