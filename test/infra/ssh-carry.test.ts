// Carrying a local worktree's unfinished merge, rebase or uncommitted files to a host's copy: real git,
// with a second clone standing in for the host (the host side runs the same shell lines as over SSH).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  carriedCommits,
  carriedRef,
  hostCarryScript,
  readLocalState,
  recordCarried,
  settleCarried,
} from '../../src/infra/executor/ssh-carry.js';
import type { TempRepo } from '../helpers/git-repo.js';
import { GIT_TEST_ENV, makeTempRepo } from '../helpers/git-repo.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const run = (cwd: string, file: string, args: string[]): string =>
  execFileSync(file, args, { cwd, env: GIT_TEST_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** A repository whose branch `task` and `main` both changed line 1 of a.txt. */
function conflicting(): TempRepo {
  const repo = makeTempRepo({ files: { 'a.txt': 'one\n', 'b.txt': 'b\n' } });
  cleanups.push(() => repo.cleanup());
  repo.git('checkout', '-q', '-b', 'task');
  repo.commit('task side', { 'a.txt': 'task\n' });
  repo.git('checkout', '-q', 'main');
  repo.commit('main side', { 'a.txt': 'main\n' });
  repo.git('checkout', '-q', 'task');
  return repo;
}

/** The host's copy: a clone of the repository checked out at the state's head, then the carry script. */
async function carryToHost(repo: TempRepo): Promise<string> {
  const state = await readLocalState(repo.root);
  const host = join(repo.parent, 'host');
  run(repo.parent, 'git', ['clone', '-q', '--no-checkout', repo.root, host]);
  for (const c of [state.head, ...carriedCommits(state)])
    expect(run(host, 'git', ['cat-file', '-t', c])).toBe('commit\n');
  run(host, 'git', ['checkout', '-q', '-B', state.branch, state.head]);
  run(host, 'sh', ['-ec', hostCarryScript(state)]);
  await recordCarried(repo.root, state);
  return host;
}

describe('carrying a worktree to a host', () => {
  it('replays an unfinished merge there with the same markers; the local merge is settled when the work comes back', async () => {
    const repo = conflicting();
    expect(() => repo.git('merge', '-q', 'main')).toThrow();
    const state = await readLocalState(repo.root);
    expect(state.operation).toEqual({ kind: 'merge', other: repo.git('rev-parse', 'main').trim() });
    const host = await carryToHost(repo);
    expect(existsSync(join(host, '.git', 'MERGE_HEAD'))).toBe(true);
    // The same conflict (the other side is named by its commit there, by its branch here).
    const label = (text: string): string => text.replace(/^>>>>>>> .*$/m, '>>>>>>> other');
    expect(label(readFileSync(join(host, 'a.txt'), 'utf8'))).toBe(
      label(readFileSync(join(repo.root, 'a.txt'), 'utf8')),
    );
    expect(run(host, 'git', ['diff', '--name-only', '--diff-filter=U'])).toBe('a.txt\n');

    // The agent there resolves and commits the merge; grove fetches it back.
    writeFileSync(join(host, 'a.txt'), 'both\n');
    run(host, 'git', ['commit', '-qam', 'merge main']);
    repo.git('fetch', '-q', host, 'task');
    expect(await settleCarried(repo.root, 'task', 'box1')).toEqual(state.operation);
    repo.git('merge', '-q', '--ff-only', 'FETCH_HEAD');
    expect(readFileSync(join(repo.root, 'a.txt'), 'utf8')).toBe('both\n');
    expect(repo.git('rev-list', '--count', 'main..task').trim()).toBe('2'); // its commit and the merge
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(() => repo.git('rev-parse', '-q', '--verify', carriedRef('task'))).toThrow();
  });

  it('replays an unfinished rebase there (onto the same commit) and reports it, so the branch may move', async () => {
    const repo = conflicting();
    expect(() => repo.git('rebase', '-q', 'main')).toThrow();
    const state = await readLocalState(repo.root);
    expect(state.branch).toBe('task');
    expect(state.operation).toEqual({ kind: 'rebase', onto: repo.git('rev-parse', 'main').trim() });
    const host = await carryToHost(repo);
    expect(readFileSync(join(host, 'a.txt'), 'utf8')).toContain('<<<<<<<');
    writeFileSync(join(host, 'a.txt'), 'both\n');
    run(host, 'git', ['add', 'a.txt']);
    run(host, 'git', ['-c', 'core.editor=true', 'rebase', '--continue']);
    repo.git('fetch', '-q', host, 'task');
    expect((await settleCarried(repo.root, 'task', 'box1'))?.kind).toBe('rebase');
    expect(repo.git('symbolic-ref', '--short', 'HEAD').trim()).toBe('task');
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('lays uncommitted and untracked files over the commit there, as uncommitted files', async () => {
    const repo = conflicting();
    repo.write({ 'b.txt': 'changed\n', 'new.txt': 'new\n' });
    const state = await readLocalState(repo.root);
    expect(state.operation).toBeUndefined();
    expect(state.changes).toBeDefined();
    const host = await carryToHost(repo);
    expect(readFileSync(join(host, 'b.txt'), 'utf8')).toBe('changed\n');
    expect(readFileSync(join(host, 'new.txt'), 'utf8')).toBe('new\n');
    expect(run(host, 'git', ['rev-parse', 'HEAD'])).toBe(`${state.head}\n`);
    expect(run(host, 'git', ['status', '--porcelain']).split('\n').filter(Boolean).sort()).toEqual([
      ' M b.txt',
      '?? new.txt',
    ]);
  });

  it('touches nothing when the local files changed after they were carried, and says so', async () => {
    const repo = conflicting();
    expect(() => repo.git('merge', '-q', 'main')).toThrow();
    await carryToHost(repo);
    repo.write({ 'a.txt': 'my own resolution\n' });
    await expect(settleCarried(repo.root, 'task', 'box1')).rejects.toThrow(
      /changed while its task ran on host box1/,
    );
    expect(readFileSync(join(repo.root, 'a.txt'), 'utf8')).toBe('my own resolution\n');
    expect(existsSync(join(repo.root, '.git', 'MERGE_HEAD'))).toBe(true);
  });

  it('a detached HEAD (not a rebase) is refused, saying to check out the branch', async () => {
    const repo = conflicting();
    repo.git('checkout', '-q', '--detach');
    await expect(readLocalState(repo.root)).rejects.toThrow(/not on a branch/);
  });

  it('a clean worktree carries nothing', async () => {
    const repo = conflicting();
    const state = await readLocalState(repo.root);
    expect(carriedCommits(state)).toEqual([]);
    expect(hostCarryScript(state)).toBe('');
    expect(await settleCarried(repo.root, 'task', 'box1')).toBeUndefined();
  });
});
