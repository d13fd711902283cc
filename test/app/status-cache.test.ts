// grove status caches diff stats and ahead/behind (src/app/workspace/status-cache.ts): after every kind
// of change in a worktree (file edited with its size and mtime kept, commit, HEAD moved, new file, base
// moved) the cached answer must equal a fresh one, and a cache entry is really read when nothing changed.
import { existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { collectStatus } from '../../src/app/workspace/status.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject, worktreeOf } from '../helpers/grove-project.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const PAST = Date.now() / 1000 - 60;

/** Backdates files so they are not "racy" (changed within the last seconds), which is never cached. */
function age(...files: string[]): void {
  for (const f of files) utimesSync(f, PAST, PAST);
}

describe('grove status cache', () => {
  it('shows fresh values after each change and reads the cache when nothing changed', async () => {
    p = makeGroveProject({ tasks: ['a'], files: { 'src/a/x.txt': 'one\ntwo\n', 'src/a/y.txt': 'y\n' } });
    expect(p.grove('spawn', 'a').code).toBe(0);
    const wt = worktreeOf(p, 'a');
    const cacheFile = join(p.root, '.git/grove/cache/status.json');
    const ctx = await openProject(p.root);
    try {
      const pick = (r: Awaited<ReturnType<typeof collectStatus>>[number] | undefined) => ({
        ahead: r?.ahead,
        behind: r?.behind,
        diff: r?.diff,
        dirty: r?.dirty,
        untracked: r?.untracked,
      });
      const cached = async () => pick((await collectStatus(ctx, ['a']))[0]);
      const fresh = async () => {
        const saved = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
        rmSync(cacheFile, { force: true });
        const r = pick((await collectStatus(ctx, ['a']))[0]);
        if (saved) writeFileSync(cacheFile, saved);
        return r;
      };
      /** Makes the cached diff stat wrong on purpose: a stale entry would then show. */
      const poison = (): void => {
        const data = JSON.parse(readFileSync(cacheFile, 'utf8')) as {
          diff: Record<string, { value: { files: number } }>;
        };
        for (const e of Object.values(data.diff)) e.value.files = 999;
        writeFileSync(cacheFile, JSON.stringify(data));
      };
      const x = join(wt, 'src/a/x.txt');

      // Uncommitted edit and a new file, aged: the second status reads the cache.
      writeFileSync(x, 'one\ntwo\nthree\n');
      writeFileSync(join(wt, 'src/a/new.txt'), 'n\n');
      age(x, join(wt, 'src/a/new.txt'));
      const first = await cached();
      expect(first).toMatchObject({ dirty: true, untracked: 1, ahead: 0, behind: 0 });
      expect(first.diff).toEqual({ files: 2, added: 2, deleted: 0 });
      poison();
      expect((await cached()).diff?.files).toBe(999); // nothing changed: the entry is used

      // Same size, mtime put back: only ctime tells. Must not show the poisoned entry.
      const before = statSync(x);
      writeFileSync(x, 'one\nTWO\nsix\nxy\n'.slice(0, before.size));
      utimesSync(x, before.atime, before.mtime);
      expect(statSync(x).size).toBe(before.size);
      expect(await cached()).toEqual(await fresh());
      expect((await cached()).diff?.files).not.toBe(999);

      // A commit.
      poison();
      p.git('-C', wt, 'add', '-A');
      p.git('-C', wt, 'commit', '-q', '-m', 'work');
      const committed = await cached();
      expect(committed).toEqual(await fresh());
      expect(committed).toMatchObject({ ahead: 1, dirty: false, untracked: 0 });
      expect(committed.diff?.files).toBe(2);

      // Clean and unchanged: cached; then HEAD moved back (the branch too).
      poison();
      expect((await cached()).diff?.files).toBe(999);
      p.git('-C', wt, 'reset', '-q', '--hard', 'HEAD~1');
      const moved = await cached();
      expect(moved).toEqual(await fresh());
      expect(moved).toMatchObject({ ahead: 0, diff: { files: 0, added: 0, deleted: 0 } });

      // An untracked file appears in a clean worktree, then the base moves on.
      poison();
      writeFileSync(join(wt, 'src/a/late.txt'), 'l\n');
      age(join(wt, 'src/a/late.txt'));
      expect(await cached()).toEqual({ ...(await fresh()), untracked: 1 });
      expect((await cached()).diff).toEqual({ files: 1, added: 1, deleted: 0 });
      poison();
      writeFileSync(join(p.root, 'README.md'), 'main moved\n');
      p.git('add', '-A');
      p.git('commit', '-q', '-m', 'main moves');
      const behind = await cached();
      expect(behind).toEqual(await fresh());
      expect(behind).toMatchObject({ behind: 1, diff: { files: 1 } });
    } finally {
      ctx.close();
    }
  });

  it('still reads every other worktree when one of them is broken (its .git file deleted)', () => {
    p = makeGroveProject({ tasks: ['a', 'b'] });
    expect(p.grove('spawn', 'a', 'b').code).toBe(0);
    writeFileSync(join(worktreeOf(p, 'a'), 'new.txt'), 'n\n');
    rmSync(join(worktreeOf(p, 'b'), '.git'));
    const rows = JSON.parse(p.grove('status', '--json').stdout) as Array<{
      id: string;
      untracked: number;
      problem: string | null;
    }>;
    expect(rows.find((r) => r.id === 'a')).toMatchObject({ untracked: 1, problem: null });
    expect(rows.find((r) => r.id === 'b')?.problem).toMatch(/^not a git worktree: /);
  });
});
