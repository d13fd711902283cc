// Putting a worktree back as a snapshot saw it (after a plan-only turn changed files): real git.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { changedPaths, restoreWorktree } from '../../src/infra/git/restore.js';
import { snapshotWorktree } from '../../src/infra/git/snapshot.js';
import type { TempRepo } from '../helpers/git-repo.js';
import { makeTempRepo } from '../helpers/git-repo.js';

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

describe('restoreWorktree', () => {
  it('undoes edits, new files and commits, keeps ignored files and the uncommitted work it started with', async () => {
    repo = makeTempRepo({ files: { '.gitignore': 'cache/\n', 'a.txt': 'a\n' } });
    const root = repo.root;
    // Uncommitted work before the turn (a setup hook's file, an edit), and an ignored file.
    writeFileSync(join(root, 'setup.txt'), 'from the hook\n');
    writeFileSync(join(root, 'a.txt'), 'a, edited before\n');
    repo.write({ 'cache/x': 'ignored\n' });
    const before = await snapshotWorktree(root);
    const base = { head: before.head!, tree: before.tree };

    // The turn: edits, a new file, a deletion, a commit, an ignored file.
    writeFileSync(join(root, 'README.md'), 'changed\n');
    writeFileSync(join(root, 'new.txt'), 'new\n');
    repo.git('rm', '-q', '-f', 'a.txt');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'turn commit');
    writeFileSync(join(root, 'later.txt'), 'untracked after the commit\n');
    repo.write({ 'cache/y': 'ignored too\n' });
    const after = await snapshotWorktree(root);
    expect((await changedPaths(root, base.tree, after.tree)).sort()).toEqual([
      'README.md',
      'a.txt',
      'later.txt',
      'new.txt',
    ]);

    await restoreWorktree(root, base);
    const restored = await snapshotWorktree(root);
    expect(restored).toEqual(before);
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('a, edited before\n');
    expect(readFileSync(join(root, 'setup.txt'), 'utf8')).toBe('from the hook\n');
    expect(existsSync(join(root, 'new.txt'))).toBe(false);
    expect(existsSync(join(root, 'later.txt'))).toBe(false);
    // Ignored files are not the turn's to land: left alone.
    expect(existsSync(join(root, 'cache/y'))).toBe(true);
    // Nothing staged: the uncommitted work is back as it was, unstaged.
    expect(repo.git('diff', '--cached', '--name-only')).toBe('');
    expect(repo.git('log', '--format=%s')).not.toContain('turn commit');
  });
});
