import { describe, expect, it } from 'vitest';
import { checkHead, checkVerifiedTip } from './head.js';

const SHA = 'a'.repeat(40);

describe('checkHead', () => {
  it('accepts HEAD on the task branch, naming the commit', () => {
    expect(checkHead({ ref: 'refs/heads/grove/a', sha: SHA }, 'grove/a')).toEqual({ kind: 'ok', sha: SHA });
  });
  it('a rebase of the task branch in progress: says to finish it, never to switch away', () => {
    const r = checkHead({ ref: undefined, sha: SHA, rebasing: 'refs/heads/grove/a' }, 'grove/a');
    expect(r.kind === 'wrong' && r.message).toContain('a rebase of grove/a is in progress and not finished');
    expect(r.kind === 'wrong' && r.message).toContain('`git rebase --continue`');
    const other = checkHead({ ref: undefined, sha: SHA, rebasing: 'refs/heads/grove/b' }, 'grove/a');
    expect(other.kind === 'wrong' && other.message).toContain('HEAD is detached at aaaaaaaa');
  });
  it('refuses a detached HEAD, saying how to get back', () => {
    const r = checkHead({ ref: undefined, sha: SHA }, 'grove/a');
    expect(r.kind).toBe('wrong');
    expect(r.kind === 'wrong' && r.message).toContain('HEAD is detached at aaaaaaaa, not on grove/a');
    expect(r.kind === 'wrong' && r.message).toContain('git switch grove/a');
  });
  it('refuses another branch', () => {
    const r = checkHead({ ref: 'refs/heads/main', sha: SHA }, 'grove/a');
    expect(r.kind === 'wrong' && r.message).toContain('HEAD is on main, not on grove/a');
  });
  it('refuses a HEAD with no commit', () => {
    expect(checkHead({ ref: 'refs/heads/grove/a', sha: undefined }, 'grove/a').kind).toBe('wrong');
  });
});

describe('checkVerifiedTip', () => {
  it('is ok only when the branch tip is the verified commit', () => {
    expect(checkVerifiedTip('grove/a', SHA, SHA)).toEqual({ kind: 'ok' });
    const moved = checkVerifiedTip('grove/a', SHA, 'b'.repeat(40));
    expect(moved.kind === 'moved' && moved.message).toContain('grove/a moved from aaaaaaaa');
    expect(checkVerifiedTip('grove/a', SHA, undefined).kind).toBe('moved');
  });
});
