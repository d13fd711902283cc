// git writes a new worktree's metadata one file at a time; a git command that lists worktrees meanwhile
// can read a half-made entry and die ("failed to read .git/worktrees/<name>/commondir: Success"), and a
// `worktree add -b` that dies so leaves its new branch behind. A half-made entry is made here by hand
// (a `gitdir` and an empty `commondir`, as git has them mid-add), so the race is deterministic.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GroveError } from '../../src/shared/errors.js';
import { addWorktree, isWorktreeRace, listWorktrees } from '../../src/infra/git/worktree.js';
import type { TempRepo } from '../helpers/git-repo.js';
import { makeTempRepo } from '../helpers/git-repo.js';

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

function halfMadeWorktree(r: TempRepo): () => void {
  const dir = join(r.root, '.git/worktrees/other');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'gitdir'), `${join(r.parent, 'other')}/.git\n`);
  writeFileSync(join(dir, 'commondir'), '');
  return () => rmSync(dir, { recursive: true, force: true });
}

const branches = (r: TempRepo): string[] =>
  r.git('for-each-ref', '--format=%(refname:short)', 'refs/heads/').split('\n').filter(Boolean);

describe('worktree commands racing a half-made worktree', () => {
  it('retries an add that lost the race, without meeting the branch its failed try made', async () => {
    repo = makeTempRepo();
    const finish = halfMadeWorktree(repo);
    const done = setTimeout(finish, 150); // the other process finishes its add
    const path = join(repo.parent, 'wt-a');
    try {
      await addWorktree(repo.root, path, {
        newBranch: 'grove/a',
        startPoint: repo.git('rev-parse', 'HEAD').trim(),
      });
    } finally {
      clearTimeout(done);
    }
    expect(repo.git('-C', path, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('grove/a');
    expect((await listWorktrees(repo.root)).map((w) => w.branch)).toContain('refs/heads/grove/a');
  });

  it('gives up after a few tries with the git error, and leaves no new branch behind', async () => {
    repo = makeTempRepo();
    const finish = halfMadeWorktree(repo);
    const head = repo.git('rev-parse', 'HEAD').trim();
    const path = join(repo.parent, 'wt-b');
    const error = await addWorktree(repo.root, path, { newBranch: 'grove/b', startPoint: head }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GroveError);
    expect(isWorktreeRace(error)).toBe(true);
    expect((error as GroveError).message).toMatch(/failed to read .*commondir/);
    finish();
    expect(branches(repo)).toEqual(['main']);
    expect(existsSync(path)).toBe(false);
    // So the same add works once the other side is done.
    await addWorktree(repo.root, path, { newBranch: 'grove/b', startPoint: head });
    expect(branches(repo)).toEqual(['grove/b', 'main']);
  });

  it('never deletes a branch that existed before the add', async () => {
    repo = makeTempRepo();
    const head = repo.git('rev-parse', 'HEAD').trim();
    repo.git('branch', 'grove/c', head);
    const error = await addWorktree(repo.root, join(repo.parent, 'wt-c'), {
      newBranch: 'grove/c',
      startPoint: head,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as GroveError).message).toMatch(/already exists/);
    expect(isWorktreeRace(error)).toBe(false);
    expect(repo.git('rev-parse', 'grove/c').trim()).toBe(head);
  });
});
