// The default branch, the branch tips and the repository's paths, each from ONE git process in the
// common case. A `git` shim first on PATH (set before grove's git layer is loaded: it copies the
// environment once) logs every call, then runs the real git.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TempRepo } from '../../helpers/git-repo.js';
import { makeTempRepo } from '../../helpers/git-repo.js';

const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
const shim = mkdtempSync(join(tmpdir(), 'grove-git-shim-'));
const log = join(shim, 'calls.log');
writeFileSync(join(shim, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${realGit}' "$@"\n`);
chmodSync(join(shim, 'git'), 0o755);
process.env.PATH = `${shim}:${process.env.PATH ?? ''}`;
const { branchTips, defaultBranch } = await import('../../../src/infra/git/refs.js');
const { findRepo } = await import('../../../src/infra/git/repo.js');

/** The git calls `fn` made (their arguments after grove's `-c` options). */
async function callsOf(fn: () => Promise<unknown>): Promise<string[]> {
  writeFileSync(log, '');
  await fn();
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/^(-c \S+ )+/, ''));
}

let repo: TempRepo;
beforeEach(() => {
  repo = makeTempRepo();
});
afterEach(() => repo.cleanup());
afterAll(() => rmSync(shim, { recursive: true, force: true }));

describe('defaultBranch', () => {
  it('a broken origin/HEAD (its target gone) falls back to main, then master, in one git call', async () => {
    repo.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/gone');
    const calls = await callsOf(async () => expect(await defaultBranch(repo.root)).toBe('main'));
    expect(calls).toHaveLength(1);
    repo.git('branch', '-m', 'main', 'master');
    expect(await defaultBranch(repo.root)).toBe('master');
  });

  it('origin/HEAD names the default branch when a local branch of that name exists', async () => {
    const head = repo.git('rev-parse', 'HEAD').trim();
    repo.git('branch', 'trunk');
    repo.git('update-ref', 'refs/remotes/origin/trunk', head);
    repo.git('update-ref', 'refs/remotes/origin/develop', head);
    repo.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk');
    expect(await defaultBranch(repo.root)).toBe('trunk');
    // No local develop: main.
    repo.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/develop');
    expect(await defaultBranch(repo.root)).toBe('main');
  });

  it('without origin/HEAD, main or master: the branch checked out; detached: a clear error', async () => {
    repo.git('branch', '-m', 'main', 'work');
    expect(await defaultBranch(repo.root)).toBe('work');
    repo.git('checkout', '-q', '--detach');
    await expect(defaultBranch(repo.root)).rejects.toMatchObject({
      code: 'GIT_FAILED',
      message: expect.stringContaining('cannot tell the default branch') as unknown,
    });
  });
});

describe('branchTips', () => {
  it('the tip of exactly the named branches and the default branch, from one for-each-ref', async () => {
    const main = repo.git('rev-parse', 'HEAD').trim();
    const feat = repo.commit('feat', { 'f.txt': 'f\n' });
    repo.git('branch', 'grove/a', feat);
    repo.git('branch', 'grove/b/c', main);
    let found: Awaited<ReturnType<typeof branchTips>> | undefined;
    const calls = await callsOf(async () => {
      // `grove/b` does not exist, though a pattern of that name would list grove/b/c.
      found = await branchTips(repo.root, ['grove/a', 'grove/b', 'nope'], { withDefault: true });
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/^for-each-ref /);
    expect(found?.defaultBranch).toBe('main');
    expect(Object.fromEntries(found?.tips ?? [])).toEqual({ 'grove/a': feat, main: feat });
    expect((await branchTips(repo.root, ['grove/b/c'])).tips.get('grove/b/c')).toBe(main);
  });
});

describe('findRepo', () => {
  it('one git rev-parse: the paths from the top, a subfolder or a linked worktree', async () => {
    repo.write({ 'sub/x.txt': 'x\n' });
    const calls = await callsOf(async () => {
      const paths = await findRepo(join(repo.root, 'sub'));
      expect(paths).toMatchObject({
        root: repo.root,
        mainRoot: repo.root,
        commonDir: join(repo.root, '.git'),
      });
    });
    expect(calls).toEqual([
      'rev-parse --is-bare-repository --is-inside-git-dir --git-common-dir --show-toplevel',
    ]);
    const wt = join(repo.parent, 'wt');
    repo.git('worktree', 'add', '-q', '-b', 'w', wt);
    expect(await findRepo(wt)).toMatchObject({ root: wt, mainRoot: repo.root });
    const outside = mkdtempSync(join(tmpdir(), 'grove-no-repo-'));
    try {
      await expect(findRepo(outside)).rejects.toMatchObject({ code: 'NOT_A_REPO' });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
