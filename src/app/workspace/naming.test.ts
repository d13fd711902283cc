import { describe, expect, it } from 'vitest';
import { assertTaskId, branchFor, worktreePathFor } from './naming.js';

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
