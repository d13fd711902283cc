import { describe, expect, it } from 'vitest';
import { buildConflictPrompt, buildQueueTestPrompt, catchUpNote } from './queue-prompt.js';
import { RESULT_CONTRACT } from './prompt.js';

const ctx = {
  base: 'main',
  self: { id: 'b', title: 'Add logout', summary: 'added a logout button' },
  landed: [{ id: 'a', title: 'Add login', summary: 'added the login form' }],
};

describe('buildConflictPrompt', () => {
  it('with markers: the landed tasks, the files, both intents and how to finish the merge', () => {
    const p = buildConflictPrompt({
      ...ctx,
      files: ['src/app.ts'],
      state: { kind: 'markers', how: 'merge' },
    });
    expect(p).toContain('it conflicts with new commits on `main`');
    expect(p).toContain('- `a`: Add login — “added the login form”');
    expect(p).toContain('grove ran `git merge main` in your worktree');
    expect(p).toContain('- `src/app.ts`');
    expect(p).toContain('yours is `b`: Add logout — “added a logout button”');
    expect(p).toContain('`git add <files>` and `git commit --no-edit`');
    expect(p).toContain(RESULT_CONTRACT);
  });
  it('with a rebase: finish with git rebase --continue', () => {
    const p = buildConflictPrompt({ ...ctx, files: ['x'], state: { kind: 'markers', how: 'rebase' } });
    expect(p).toContain('`git rebase --continue`');
    expect(p).not.toContain('git commit --no-edit');
  });
  it('untouched: says why grove left the worktree alone and to merge the base itself', () => {
    const p = buildConflictPrompt({
      ...ctx,
      landed: [],
      files: ['x'],
      state: { kind: 'untouched', why: 'it has uncommitted changes (x)' },
    });
    expect(p).toContain('grove did not touch your worktree: it has uncommitted changes (x).');
    expect(p).toContain('merge the base yourself (`git merge main`)');
    expect(p).toContain('No grove task landed on `main` since your branch left it');
  });
});

describe('buildQueueTestPrompt', () => {
  it('names the tasks it was tested with and the output, and that the worktree holds the base', () => {
    const p = buildQueueTestPrompt({ ...ctx, command: 'npm test', output: 'FAIL login.test.ts' });
    expect(p).toContain('The merge queue’s test failed on your branch merged with `main`');
    expect(p).toContain('- `a`: Add login');
    expect(p).toContain('Command: `npm test`');
    expect(p).toContain('FAIL login.test.ts');
    expect(p).toContain('Your worktree already holds `main` as the queue tested it');
    expect(p).not.toContain('run the command again until it passes');
  });
  it('untouched: the agent merges the base itself to reproduce', () => {
    const p = buildQueueTestPrompt({
      ...ctx,
      command: 'npm test',
      output: '',
      untouched: 'its agent is still running there',
    });
    expect(p).toContain('grove did not touch your worktree: its agent is still running there.');
    expect(p).toContain('merge `main` yourself');
  });
});

describe('catchUpNote', () => {
  it('says the checks failed on the branch with the base merged in, and what landed there', () => {
    const n = catchUpNote({
      ...ctx,
      commit: '0123456789abcdef',
      failure: { kind: 'test-failed', command: 'npm test', output: 'x' },
    });
    expect(n).toContain('The merge queue’s test `npm test` failed on your branch merged with `main`');
    expect(n).toContain('(commit 01234567)');
    expect(n).toContain('- `a`: Add login');
  });
});
