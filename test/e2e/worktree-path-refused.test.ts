// Issue 17 (low): a `worktree_path` inside .git, at or above the checkout, or without {id} was accepted
// silently. grove spawn and grove run now refuse it before making anything, saying what to use.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroveProject } from '../helpers/grove-project.js';
import { project, writeScript } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

describe('worktree_path is checked', () => {
  for (const [template, said] of [
    ['.git/{id}', "git's own folder"],
    ['../{repo}.grove/shared', 'has no {id}'],
  ] as const) {
    it(`refuses ${template}: spawn and run exit 3, nothing is created`, () => {
      p = project({ a: writeScript('a') }, `gates: {}\nworktree_path: "${template}"\n`);
      const spawn = p.grove('spawn', 'a');
      expect(spawn.code).toBe(3);
      expect(spawn.stdout + spawn.stderr).toContain(said);
      expect(spawn.stdout + spawn.stderr).toContain('../{repo}.grove/{id}');
      expect(spawn.stderr).not.toMatch(/^\s+at /m);
      expect(existsSync(join(p.root, '.git', 'a'))).toBe(false);
      expect(p.git('branch', '--list', 'grove/*').trim()).toBe('');
      const run = p.grove('run', '--no-dashboard');
      expect(run.code).not.toBe(0);
      expect(run.stdout + run.stderr).toContain('worktree_path');
      expect(run.stderr).not.toMatch(/^\s+at /m);
    }, 60_000);
  }
});
