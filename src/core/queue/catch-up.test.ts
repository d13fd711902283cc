import { describe, expect, it } from 'vitest';
import type { WorktreeLook } from './catch-up.js';
import { decideAfterCatchUp, planCatchUp } from './catch-up.js';

const clean: WorktreeLook = { present: true, dirty: [], agentRunning: false, inProgress: undefined };

describe('planCatchUp', () => {
  it('brings the base in by merge (squash and merge methods) or rebase', () => {
    expect(planCatchUp(clean, 'squash')).toEqual({ kind: 'bring-base', how: 'merge' });
    expect(planCatchUp(clean, 'merge')).toEqual({ kind: 'bring-base', how: 'merge' });
    expect(planCatchUp(clean, 'rebase')).toEqual({ kind: 'bring-base', how: 'rebase' });
  });
  it('leaves a worktree with the agent’s work in progress alone, and says why', () => {
    expect(planCatchUp({ ...clean, agentRunning: true }, 'squash')).toEqual({
      kind: 'leave',
      why: 'its agent is still running there',
    });
    expect(planCatchUp({ ...clean, dirty: ['a', 'b', 'c', 'd', 'e'] }, 'squash')).toEqual({
      kind: 'leave',
      why: 'it has uncommitted changes (a, b, c and 2 more)',
    });
    expect(planCatchUp({ ...clean, inProgress: 'rebase' }, 'merge')).toMatchObject({ kind: 'leave' });
    expect(planCatchUp({ ...clean, present: false }, 'merge')).toEqual({
      kind: 'leave',
      why: 'its worktree is not on disk',
    });
  });
});

describe('decideAfterCatchUp', () => {
  it('git’s own resolution reruns the gates, whatever the queue saw', () => {
    for (const f of ['conflict', 'test-failed'] as const)
      expect(decideAfterCatchUp(f, { kind: 'merged', head: 'abc' })).toEqual({ kind: 'rerun-gates' });
  });
  it('markers go to the agent to resolve', () => {
    expect(decideAfterCatchUp('conflict', { kind: 'conflict', files: ['x'] })).toEqual({
      kind: 'resolve',
      files: ['x'],
    });
  });
  it('nothing new to merge: a failed test is the agent’s to reproduce; a conflict it must merge itself', () => {
    expect(decideAfterCatchUp('test-failed', { kind: 'up-to-date' })).toEqual({ kind: 'reproduce' });
    expect(decideAfterCatchUp('conflict', { kind: 'up-to-date' })).toMatchObject({ kind: 'merge-yourself' });
    expect(decideAfterCatchUp('conflict', { kind: 'failed', message: 'no identity' })).toEqual({
      kind: 'merge-yourself',
      why: 'git could not bring it in: no identity',
    });
  });
});
