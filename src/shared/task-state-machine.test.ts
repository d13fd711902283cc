import { describe, expect, it } from 'vitest';
import { TASK_STATES, TERMINAL_STATES } from './task-state.js';
import type { TaskState } from './task-state.js';
import {
  assertTransition,
  canTransition,
  reachableFrom,
  RETRYABLE_STATES,
  TRANSITIONS,
} from './task-state-machine.js';

describe('task state machine', () => {
  it.each<[TaskState, TaskState]>([
    ['planned', 'ready'],
    ['ready', 'running'],
    ['running', 'paused'],
    ['paused', 'running'],
    ['running', 'verifying'],
    ['verifying', 'fixing'],
    ['fixing', 'verifying'],
    ['verifying', 'verified'],
    ['verified', 'queued'],
    ['queued', 'integrating'],
    ['integrating', 'merged'],
    ['merged', 'cleaned'],
    ['running', 'stuck'],
    ['verifying', 'stuck'],
    ['stuck', 'reassigned'],
    ['reassigned', 'running'],
    ['stuck', 'blocked'],
    ['verifying', 'blocked'],
    ['integrating', 'queued'],
    ['integrating', 'fixing'],
    ['integrating', 'conflict'],
    ['queued', 'conflict'],
    ['conflict', 'queued'],
    ['conflict', 'fixing'],
    ['failed', 'ready'],
    ['blocked', 'ready'],
    ['blocked', 'running'],
    ['planned', 'blocked'],
  ])('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(assertTransition(from, to)).toEqual({ kind: 'ok', from, to });
  });

  it.each<[TaskState, TaskState]>([
    ['planned', 'running'],
    ['ready', 'merged'],
    ['running', 'merged'],
    ['running', 'verified'],
    ['verifying', 'merged'],
    ['verified', 'merged'],
    ['queued', 'merged'],
    ['stuck', 'running'],
    ['merged', 'ready'],
    ['cleaned', 'merged'],
    ['abandoned', 'ready'],
  ])('refuses %s → %s with the allowed targets', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    const check = assertTransition(from, to);
    expect(check.kind).toBe('invalid');
    if (check.kind !== 'invalid') return;
    expect(check.allowed).toEqual(TRANSITIONS[from]);
    expect(check.message).toContain(`${from} task`);
  });

  it('reports a transition to the same state as `same`, not invalid', () => {
    for (const s of TASK_STATES) expect(assertTransition(s, s).kind).toBe('same');
  });

  it('lists only known states and never a self-loop', () => {
    for (const s of TASK_STATES) {
      for (const t of TRANSITIONS[s]) {
        expect(TASK_STATES).toContain(t);
        expect(t).not.toBe(s);
      }
    }
  });

  it('lets every non-terminal state still reach merged or abandoned', () => {
    for (const s of TASK_STATES) {
      if (s === 'cleaned' || s === 'abandoned') continue;
      const reach = reachableFrom(s);
      expect(reach.has('cleaned'), s).toBe(true);
      if (s !== 'merged') expect(reach.has('abandoned'), s).toBe(true);
    }
  });

  it('keeps the terminal states terminal except merged → cleaned', () => {
    for (const s of TERMINAL_STATES) {
      expect(TRANSITIONS[s].filter((t) => t !== 'cleaned')).toEqual([]);
    }
    expect(assertTransition('abandoned', 'ready').kind).toBe('invalid');
  });

  it('retry covers the stopped-short states and none of the finished ones', () => {
    expect(RETRYABLE_STATES).toEqual(expect.arrayContaining(['failed', 'blocked', 'paused', 'conflict']));
    for (const s of ['merged', 'cleaned', 'abandoned', 'verified', 'queued'] as const) {
      expect(RETRYABLE_STATES).not.toContain(s);
    }
  });
});
