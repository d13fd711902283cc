import { describe, expect, it } from 'vitest';
import type { GroveError } from '../../shared/errors.js';
import { assertTaskId, branchFor, worktreePathFor, worktreePathProblem } from './naming.js';

describe('task ids, branches and paths', () => {
  it('refuses ids that are not safe branch and folder names, saying the rule', () => {
    for (const bad of [
      '..',
      '../x',
      'a/b',
      'has space',
      "q'uote",
      'x;rm',
      '$(id)',
      '`id`',
      'ünï',
      '-lead',
      'UP',
      '',
    ]) {
      expect(() => assertTaskId(bad), bad).toThrow(/is not a valid task id/);
    }
    expect(() => assertTaskId('add-login-2')).not.toThrow();
  });
  it('fills the path template relative to the repository', () => {
    expect(worktreePathFor('/src/app', { worktree_path: '../{repo}.grove/{id}' }, 'x')).toBe(
      '/src/app.grove/x',
    );
    expect(worktreePathFor('/src/app', { worktree_path: '.worktrees/{id}' }, 'x')).toBe(
      '/src/app/.worktrees/x',
    );
    expect(branchFor('x')).toBe('grove/x');
  });
});

describe('worktree_path that would break something is refused', () => {
  const at =
    (template: string): (() => string) =>
    () =>
      worktreePathFor('/src/app', { worktree_path: template }, 'x');
  it('refuses no {id}, inside .git, the checkout or above it; says what to use', () => {
    expect(at('../{repo}.grove/shared')).toThrow(/has no \{id\}/);
    expect(at('.git/worktrees/{id}')).toThrow(/inside \/src\/app\/\.git/);
    expect(at('./{id}/../..')).toThrow(/at or above the checkout/);
    expect(at('../{id}/.git/x')).toThrow(/inside a .git folder/);
    expect(at('.git/{id}')).toThrow(/CONFIG_INVALID|worktree_path/);
    try {
      at('.git/{id}')();
    } catch (e) {
      expect((e as GroveError).code).toBe('CONFIG_INVALID');
      expect((e as GroveError).hint).toContain('../{repo}.grove/{id}');
    }
    expect(worktreePathProblem('/src/app', '.worktrees/{id}')).toBeUndefined();
    expect(worktreePathProblem('/src/app', '/tmp/wt/{repo}-{id}')).toBeUndefined();
  });
});
