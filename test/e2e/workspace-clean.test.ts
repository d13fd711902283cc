import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject, worktreeOf } from '../helpers/grove-project.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

/** Every file under `dir` (except .git) with its bytes and mode: what "byte for byte" compares. */
function snapshotFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else
        out[relative(dir, full)] =
          `${(statSync(full).mode & 0o777).toString(8)} ${readFileSync(full).toString('base64')}`;
    }
  };
  walk(dir);
  return out;
}

describe('grove clean and restore', () => {
  it('keeps a dirty worktree on clean --all, removes integrated ones, and restores a forced clean byte for byte', async () => {
    p = makeGroveProject({
      tasks: ['done', 'wip'],
      files: { 'src/keep.txt': 'keep\n', 'src/gone.txt': 'gone\n' },
    });
    expect(p.grove('spawn', 'done', 'wip').code).toBe(0);
    const doneWt = worktreeOf(p, 'done');
    const wipWt = worktreeOf(p, 'wip');

    // `done`: committed, then squash-merged into main; `wip`: a commit plus uncommitted and untracked work.
    p.git('-C', doneWt, 'commit', '-q', '--allow-empty', '-m', 'noop');
    writeFileSync(join(doneWt, 'src/done.txt'), 'done\n');
    p.git('-C', doneWt, 'add', '-A');
    p.git('-C', doneWt, 'commit', '-q', '-m', 'done work');
    p.git('merge', '-q', '--squash', 'grove/done');
    p.git('commit', '-q', '-m', 'squash done');
    writeFileSync(join(wipWt, 'src/committed.txt'), 'c\n');
    p.git('-C', wipWt, 'add', '-A');
    p.git('-C', wipWt, 'commit', '-q', '-m', 'wip commit');
    writeFileSync(join(wipWt, 'src/keep.txt'), 'edited, not committed\n');
    writeFileSync(join(wipWt, 'untracked.bin'), Buffer.from([0, 1, 2, 255]));
    chmodSync(join(wipWt, 'untracked.bin'), 0o755);
    p.git('-C', wipWt, 'add', 'untracked.bin');
    writeFileSync(join(wipWt, 'really-untracked.txt'), 'u\n');
    rmSync(join(wipWt, 'src/gone.txt'));
    const before = snapshotFiles(wipWt);

    const status = p.grove('status', '--json');
    expect(status.code).toBe(0);
    const rows = JSON.parse(status.stdout) as Array<{
      id: string;
      dirty: boolean;
      ahead: number;
      diff: { files: number };
    }>;
    const wipRow = rows.find((r) => r.id === 'wip')!;
    expect(wipRow).toMatchObject({ dirty: true, ahead: 1 });
    expect(wipRow.diff.files).toBe(5);

    const all = p.grove('clean', '--all');
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/removed\s+done: integrated \((same-tree|merge-adds-nothing|squash)\)/);
    expect(all.stdout).toMatch(/kept\s+wip: uncommitted work .*not integrated/);
    expect(existsSync(doneWt)).toBe(false);
    expect(p.git('branch', '--list', 'grove/done').trim()).toBe('');
    expect(snapshotFiles(wipWt)).toEqual(before);

    const forced = p.grove('clean', 'wip', '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/removed\s+wip after saving its work to refs\/grove\/backup\/wip\//);
    expect(existsSync(wipWt)).toBe(false);
    expect(p.git('branch', '--list', 'grove/wip').trim()).toBe('');

    const restored = p.grove('restore', 'wip');
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(snapshotFiles(wipWt)).toEqual(before);
    expect(p.git('-C', wipWt, 'log', '-1', '--format=%s').trim()).toBe('wip commit');
    expect(p.git('-C', wipWt, 'status', '--porcelain')).toContain(' M src/keep.txt');

    const ctx = await openProject(p.root);
    try {
      expect(ctx.store.require('wip').worktree).toBe(wipWt);
      expect(ctx.store.require('done').worktree).toBeNull();
    } finally {
      ctx.close();
    }
  });

  it('prunes stale metadata, says why with bad input, and restore refuses without a backup', () => {
    p = makeGroveProject({ tasks: ['gone'] });
    expect(p.grove('spawn', 'gone').code).toBe(0);
    rmSync(worktreeOf(p, 'gone'), { recursive: true });
    const r = p.grove('clean');
    expect(r.stdout).toContain('pruned');
    expect(r.stdout).toMatch(/removed\s+gone: integrated \(ancestor\)/);
    const both = p.grove('clean', 'gone', '--all');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give task ids or --merged/--all, not both');
    const none = p.grove('restore', 'gone');
    expect(none.code).toBe(4);
    expect(none.stderr).toContain('no backup for task gone');
  });
});
