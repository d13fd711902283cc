// The review state (issue 18): its edges and the named groups it belongs to.
import { describe, expect, it } from 'vitest';
import { HOLDS_OWNED_PATHS, IN_FLIGHT_STATES, NEEDS_PERSON_STATES, WIP_STATES } from './task-state.js';
import type { TaskState } from './task-state.js';
import { assertTransition, canTransition, reachableFrom } from './task-state-machine.js';

describe('the review state', () => {
  it.each<[TaskState, TaskState, string]>([
    ['verified', 'review', 'gates passed, a person must review it'],
    ['review', 'queued', 'grove approve'],
    ['review', 'ready', 'grove request-changes: the same session resumes'],
    ['review', 'verifying', 'the branch moved since its gates passed'],
    ['queued', 'verifying', 'the branch moved after the approval: void'],
    ['review', 'abandoned', 'grove abandon'],
    ['running', 'review', "an agent plan's plan-only turn wrote its plan"],
    ['fixing', 'review', 'a plan turn retried after its agent failed wrote its plan'],
  ])('%s → %s (%s)', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each<[TaskState, TaskState]>([
    ['verifying', 'review'],
    ['review', 'merged'],
    ['review', 'integrating'],
    ['review', 'running'],
    ['review', 'fixing'],
  ])(
    'refuses %s → %s: review is reached from verified (or a plan turn) and left only by a person or a moved branch',
    (from, to) => {
      const check = assertTransition(from, to);
      expect(check.kind).toBe('invalid');
    },
  );

  it('holds its owned paths and waits for a person, but takes no WIP slot and is not in flight', () => {
    expect(HOLDS_OWNED_PATHS).toContain('review');
    expect(NEEDS_PERSON_STATES).toContain('review');
    expect(WIP_STATES).not.toContain('review');
    expect(IN_FLIGHT_STATES).not.toContain('review');
  });

  it('a task in review can still land or be given up', () => {
    const next = reachableFrom('review');
    expect(next.has('merged')).toBe(true);
    expect(next.has('abandoned')).toBe(true);
  });
});
