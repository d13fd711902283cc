import { describe, expect, it } from 'vitest';
import type { TaskSpec } from '../../shared/task-spec.js';
import { expandBestOf } from './expand.js';
import { bestOfGroups, resolveDependency } from './groups.js';

const spec = (extra: Partial<TaskSpec>): TaskSpec => ({
  id: 'fast',
  title: 'Fast',
  owns: ['src/**'],
  reads: [],
  depends_on: ['base'],
  accept: ['npm test'],
  priority: 0,
  body: 'Go.',
  file: '.grove/tasks/fast.md',
  ...extra,
});

describe('expandBestOf', () => {
  it('turns a task with attempts into one task per attempt, agents cycled in order', () => {
    const out = expandBestOf([spec({ attempts: 3, agents: ['claude', 'codex'] }), spec({ id: 'other' })]);
    expect(out.map((t) => [t.id, t.agent, t.bestOf?.index])).toEqual([
      ['fast-try1', 'claude', 1],
      ['fast-try2', 'codex', 2],
      ['fast-try3', 'claude', 3],
      ['other', undefined, undefined],
    ]);
    expect(out[0]).toMatchObject({
      owns: ['src/**'],
      accept: ['npm test'],
      depends_on: ['base'],
      file: '.grove/tasks/fast.md',
    });
    expect(out[0]).not.toHaveProperty('attempts');
  });

  it('counts one attempt per agent when only agents is given, and leaves attempts: 1 alone', () => {
    expect(expandBestOf([spec({ agents: ['claude', 'gemini'] })]).map((t) => t.id)).toEqual([
      'fast-try1',
      'fast-try2',
    ]);
    expect(expandBestOf([spec({ attempts: 1 })]).map((t) => t.id)).toEqual(['fast']);
  });
});

describe('a dependency on a best-of task', () => {
  const groups = bestOfGroups(expandBestOf([spec({ attempts: 3 })]));
  it('stands for the merged attempt, else the pick, else one still alive', () => {
    const states: Record<string, string> = {
      'fast-try1': 'abandoned',
      'fast-try2': 'review',
      'fast-try3': 'merged',
    };
    const stateOf = (id: string) => states[id] as never;
    expect(resolveDependency('fast', groups, stateOf)).toBe('fast-try3');
    states['fast-try3'] = 'review';
    expect(resolveDependency('fast', groups, stateOf, () => 'fast-try3')).toBe('fast-try3');
    expect(resolveDependency('fast', groups, stateOf)).toBe('fast-try2');
    states['fast-try2'] = 'abandoned';
    states['fast-try3'] = 'abandoned';
    expect(resolveDependency('fast', groups, stateOf)).toBe('fast-try1');
    expect(resolveDependency('base', groups, stateOf)).toBe('base');
  });
});
