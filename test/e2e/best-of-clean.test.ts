// `grove clean` after a best-of task (issue 21): the attempts grove gave up go like integrated ones when
// their work is exactly in the backup ref (refs/grove/best-of/<group>/<attempt>); one with uncommitted
// work or a commit made since is kept; the backup refs stay until `grove clean --force` ends the cycle.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { defaultPorts } from '../../src/app/run/ports.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { worktreeOf } from '../helpers/grove-project.js';
import { bestOfProject, script } from './best-of-fixtures.js';
import { startLoop, stateOf } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const gitOut = (cwd: string, args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
const bestOfRefs = (root: string): string[] =>
  gitOut(root, ['for-each-ref', '--format=%(refname)', 'refs/grove/best-of/']).split('\n').filter(Boolean);

describe('grove clean after best-of', () => {
  it('removes the attempts given up once their work is in the backup refs, and the refs only with --force', async () => {
    p = bestOfProject([script(1, true), script(40), script(2)], 'auto');
    const { ctx, loop } = await startLoop(p.root, defaultPorts);
    try {
      const done = await loop.whenDone();
      expect(done.merged.sort()).toEqual(['after', 'pick-try3']);
    } finally {
      await loop.stop();
      ctx.close();
    }
    const root = p.root;
    const try1 = worktreeOf(p, 'pick-try1');
    const try2 = worktreeOf(p, 'pick-try2');
    const saved2 = gitOut(root, ['rev-parse', 'refs/grove/best-of/pick/pick-try2']);
    // pick-try1 has uncommitted work; pick-try2 a commit made after grove saved it.
    writeFileSync(join(try1, 'notes.txt'), 'mine\n');
    p.git('-C', try2, 'commit', '-q', '--allow-empty', '-m', 'later');

    const first = p.grove('clean');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/removed {2}pick-try3: integrated/);
    expect(first.stdout).toMatch(/kept {5}pick-try1: uncommitted work/);
    expect(first.stdout).toMatch(/kept {5}pick-try2: not integrated into main/);
    expect(existsSync(try1) && existsSync(try2)).toBe(true);
    expect(bestOfRefs(root)).toHaveLength(3);

    // Put both back to what grove saved: now the clean removes them, saying where the work is.
    rmSync(join(try1, 'notes.txt'));
    p.git('-C', try2, 'reset', '-q', '--hard', saved2);
    const second = p.grove('clean');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(
      'removed  pick-try1: a best-of attempt that was not picked; its work stays in refs/grove/best-of/pick/pick-try1',
    );
    expect(second.stdout).toContain('removed  pick-try2: a best-of attempt that was not picked');
    expect(second.stdout).toContain(
      "kept     best-of pick's backup refs (3, refs/grove/best-of/pick/): pick-try3 landed; `grove clean --force` removes them",
    );
    expect(existsSync(try1) || existsSync(try2)).toBe(false);
    expect(gitOut(root, ['branch', '--list', 'grove/pick-*'])).toBe('');
    expect(bestOfRefs(root)).toHaveLength(3);
    expect(gitOut(root, ['rev-parse', 'refs/grove/best-of/pick/pick-try2'])).toBe(saved2);

    const forced = p.grove('clean', '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(
      "removed  best-of pick's backup refs (3): pick-try3 landed and no attempt has a worktree or branch left",
    );
    expect(bestOfRefs(root)).toEqual([]);
    const after = await openProject(root);
    try {
      expect(stateOf(after, 'pick-try3')).toBe('cleaned');
      expect(stateOf(after, 'pick-try1')).toBe('abandoned');
    } finally {
      after.close();
    }
  });
});
