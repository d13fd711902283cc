import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { branchExists, createBranch, deleteBranch, listBranches } from '../../src/infra/git/branch.js';
import { isIntegrated } from '../../src/infra/git/integrated.js';
import { mergeTree, mergeTreeMany } from '../../src/infra/git/merge-tree.js';
import {
  defaultBranch,
  deleteRef,
  listRefs,
  resolveRef,
  resolveRefs,
  revParse,
  updateRef,
} from '../../src/infra/git/refs.js';
import { snapshotWorktree } from '../../src/infra/git/snapshot.js';
import { aheadBehind, diffStatVsBase, worktreeStatus } from '../../src/infra/git/status.js';
import { addWorktree, listWorktrees, pruneWorktrees, removeWorktree } from '../../src/infra/git/worktree.js';
import type { TempRepo } from '../helpers/git-repo.js';
import { makeTempRepo } from '../helpers/git-repo.js';

let repo: TempRepo;
beforeEach(() => {
  repo = makeTempRepo({ files: { 'f.txt': 'a\nb\nc\n', 'g.txt': 'g\n' } });
});
afterEach(() => repo.cleanup());

/** Makes branch `name` from main with one commit writing `files`, then returns to main. */
function branchWith(name: string, files: Record<string, string>): string {
  repo.git('checkout', '-q', '-b', name, 'main');
  const oid = repo.commit(`on ${name}`, files);
  repo.git('checkout', '-q', 'main');
  return oid;
}

describe('worktrees and branches', () => {
  it('adds, lists, removes and prunes worktrees', async () => {
    const wt = join(repo.parent, 'wt-a');
    await addWorktree(repo.root, wt, { newBranch: 'grove/a', startPoint: 'main' });
    expect(await branchExists(repo.root, 'grove/a')).toBe(true);
    let list = await listWorktrees(repo.root);
    expect(list.map((w) => w.branch)).toEqual(['refs/heads/main', 'refs/heads/grove/a']);
    expect(list[1]!.path).toBe(wt);

    writeFileSync(join(wt, 'new.txt'), 'untracked\n');
    await expect(removeWorktree(repo.root, wt)).rejects.toThrow(/untracked|modified/);
    expect(existsSync(join(wt, 'new.txt'))).toBe(true);
    await removeWorktree(repo.root, wt, { force: true });
    expect(existsSync(wt)).toBe(false);

    const wt2 = join(repo.parent, 'wt-b');
    await addWorktree(repo.root, wt2, { newBranch: 'grove/b', startPoint: 'main' });
    rmSync(wt2, { recursive: true });
    list = await listWorktrees(repo.root);
    expect(list[1]!.prunable).toBeDefined();
    await pruneWorktrees(repo.root);
    expect((await listWorktrees(repo.root)).length).toBe(1);
  });

  it('creates, lists and deletes branches, refusing unmerged ones without force', async () => {
    await createBranch(repo.root, 'grove/x', 'main');
    await expect(createBranch(repo.root, 'grove/x', 'main')).rejects.toThrow(/already exists/);
    branchWith('grove/y', { 'y.txt': 'y\n' });
    expect([...(await listBranches(repo.root, 'grove/')).keys()]).toEqual(['grove/x', 'grove/y']);
    await deleteBranch(repo.root, 'grove/x');
    await expect(deleteBranch(repo.root, 'grove/y')).rejects.toThrow(/not merged|refused/);
    expect(await branchExists(repo.root, 'grove/y')).toBe(true);
    await deleteBranch(repo.root, 'grove/y', { force: true });
    expect(await branchExists(repo.root, 'grove/y')).toBe(false);
  });

  it('resolves refs, reports missing ones and finds the default branch', async () => {
    const head = repo.git('rev-parse', 'HEAD').trim();
    expect(await revParse(repo.root, 'main')).toBe(head);
    await expect(revParse(repo.root, 'nope')).rejects.toThrow(/"nope" does not name/);
    expect(await resolveRef(repo.root, 'nope')).toBeUndefined();
    const map = await resolveRefs(repo.root, ['main^{commit}', 'nope^{commit}', 'main^{tree}']);
    expect(map.get('main^{commit}')).toBe(head);
    expect(map.has('nope^{commit}')).toBe(false);
    expect(map.get('main^{tree}')).toMatch(/^[0-9a-f]{40}$/);
    expect(await defaultBranch(repo.root)).toBe('main');
    repo.git('branch', '-m', 'main', 'trunk');
    expect(await defaultBranch(repo.root)).toBe('trunk');
  });
});

describe('updateRef (compare-and-swap)', () => {
  it('creates only when absent, moves only from the expected value, deletes only at it', async () => {
    const main = repo.git('rev-parse', 'main').trim();
    const other = branchWith('other', { 'o.txt': 'o\n' });
    expect(await updateRef(repo.root, 'refs/grove/t', main, undefined)).toEqual({ kind: 'updated' });
    expect(await updateRef(repo.root, 'refs/grove/t', other, undefined)).toEqual({
      kind: 'moved',
      actual: main,
    });
    expect(await updateRef(repo.root, 'refs/grove/t', other, other)).toEqual({ kind: 'moved', actual: main });
    expect(await updateRef(repo.root, 'refs/grove/t', other, main)).toEqual({ kind: 'updated' });
    expect(await listRefs(repo.root, 'refs/grove/')).toEqual([{ ref: 'refs/grove/t', oid: other }]);
    expect(await deleteRef(repo.root, 'refs/grove/t', main)).toEqual({ kind: 'moved', actual: other });
    expect(await deleteRef(repo.root, 'refs/grove/t', other)).toEqual({ kind: 'updated' });
    expect(await resolveRef(repo.root, 'refs/grove/t')).toBeUndefined();
  });
});

describe('status, diff stats and ahead/behind', () => {
  it('sees dirty and untracked work and counts it in the diff stat vs base', async () => {
    const wt = join(repo.parent, 'wt');
    await addWorktree(repo.root, wt, { newBranch: 'grove/s', startPoint: 'main' });
    expect(await worktreeStatus(wt)).toMatchObject({ branch: 'grove/s', dirty: false, untracked: 0 });
    writeFileSync(join(wt, 'f.txt'), 'a\nB\nc\nd\n');
    writeFileSync(join(wt, 'new.txt'), '1\n2\n');
    const status = await worktreeStatus(wt);
    expect(status).toMatchObject({ dirty: true, untracked: 1 });
    expect(await diffStatVsBase(wt, 'main', { uncommitted: false })).toEqual({
      files: 0,
      added: 0,
      deleted: 0,
    });
    expect(await diffStatVsBase(wt, 'main', { uncommitted: true })).toEqual({
      files: 2,
      added: 4,
      deleted: 1,
    });
    repo.commit('main moves', { 'm.txt': 'm\n' });
    expect(await aheadBehind(repo.root, 'main', 'grove/s')).toEqual({ ahead: 0, behind: 1 });
  });
});

describe('snapshotWorktree', () => {
  it('captures staged, unstaged, untracked and deleted files without touching the index or files', async () => {
    repo.write({ 'staged.txt': 'staged\n' });
    repo.git('add', 'staged.txt');
    writeFileSync(join(repo.root, 'f.txt'), 'changed\n');
    writeFileSync(join(repo.root, 'untracked.txt'), 'u\n');
    rmSync(join(repo.root, 'g.txt'));
    const index = join(repo.root, '.git', 'index');
    // status first: it may refresh the index itself.
    const status = repo.git('status', '--porcelain');
    const before = { bytes: readFileSync(index), mtime: statSync(index).mtimeMs, status };
    const snap = await snapshotWorktree(repo.root);
    expect(snap.head).toBe(repo.git('rev-parse', 'HEAD').trim());
    const names = repo.git('ls-tree', '--name-only', snap.tree).trim().split('\n');
    expect(names.sort()).toEqual(['README.md', 'f.txt', 'staged.txt', 'untracked.txt']);
    expect(repo.git('cat-file', 'blob', `${snap.tree}:f.txt`)).toBe('changed\n');
    expect(readFileSync(index).equals(before.bytes)).toBe(true);
    expect(statSync(index).mtimeMs).toBe(before.mtime);
    expect(repo.git('status', '--porcelain')).toBe(before.status);
  });
});

describe('mergeTree and mergeTreeMany', () => {
  it('returns clean, conflict, missing-ref and unrelated without touching any worktree', async () => {
    branchWith('x', { 'f.txt': 'a\nX\nc\n' });
    branchWith('y', { 'f.txt': 'a\nY\nc\n' });
    branchWith('z', { 'g.txt': 'G\n' });
    repo.git('checkout', '-q', '--orphan', 'orphan');
    repo.git('rm', '-q', '-rf', '.');
    repo.commit('orphan', { 'o.txt': 'o\n' });
    repo.git('checkout', '-q', 'main');

    const clean = await mergeTree(repo.root, 'x', 'z');
    expect(clean.kind).toBe('clean');
    const conflict = await mergeTree(repo.root, 'x', 'y');
    expect(conflict).toMatchObject({ kind: 'conflict', files: ['f.txt'] });
    if (conflict.kind === 'conflict')
      expect(conflict.messages.some((m) => m.type.startsWith('CONFLICT'))).toBe(true);
    expect(await mergeTree(repo.root, 'x', 'nope')).toEqual({ kind: 'missing-ref', ref: 'nope' });
    expect(await mergeTree(repo.root, 'x', 'orphan')).toEqual({ kind: 'unrelated' });

    const many = await mergeTreeMany(repo.root, [
      ['x', 'z'],
      ['x', 'orphan'],
      ['x', 'y'],
      ['nope', 'x'],
      ['z', 'orphan'],
      ['y', 'z'],
    ]);
    expect(many.map((m) => m.kind)).toEqual([
      'clean',
      'unrelated',
      'conflict',
      'missing-ref',
      'unrelated',
      'clean',
    ]);
    expect(many[0]).toEqual(clean);
    expect(many[2]).toEqual(conflict);
    expect(repo.git('status', '--porcelain')).toBe('');
  });
});

describe('isIntegrated', () => {
  it('names the reason: ancestor, same tree, merge adds nothing, squash; or not integrated', async () => {
    const base = 'main';
    branchWith('anc', {});
    repo.git('branch', 'fresh', 'main');
    expect(await isIntegrated(repo.root, 'fresh', base)).toEqual({ kind: 'integrated', reason: 'ancestor' });

    branchWith('sq', { 'f.txt': 'a\nSQ\nc\n', 'new.txt': 'n\n' });
    expect(await isIntegrated(repo.root, 'sq', base)).toEqual({ kind: 'not-integrated' });
    repo.git('merge', '-q', '--squash', 'sq');
    repo.git('commit', '-q', '-m', 'squash sq');
    expect(await isIntegrated(repo.root, 'sq', base)).toEqual({ kind: 'integrated', reason: 'same-tree' });
    repo.commit('later', { 'later.txt': 'l\n' });
    expect(await isIntegrated(repo.root, 'sq', base)).toEqual({
      kind: 'integrated',
      reason: 'merge-adds-nothing',
    });
    repo.commit('edit the squashed lines', { 'f.txt': 'a\nSQ2\nc\n' });
    const squash = await isIntegrated(repo.root, 'sq', base);
    expect(squash).toMatchObject({ kind: 'integrated', reason: 'squash' });
    expect(await isIntegrated(repo.root, 'gone', base)).toEqual({ kind: 'missing-ref', ref: 'gone' });
  });
});
