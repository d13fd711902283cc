import { describe, expect, it } from 'vitest';
import type { TaskSpec } from '../../shared/task-spec.js';
import { validateTaskText } from '../../infra/spec/validate-task.js';
import { renderTaskTemplate } from '../../app/new-task.js';
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

describe('validating a best-of task file', () => {
  const check = (front: string) =>
    validateTaskText(
      `---\nid: fast\ntitle: Fast\nowns: ["src/**"]\n${front}---\nGo.\n`,
      '.grove/tasks/fast.md',
      {
        agents: {},
      },
    ).problems.map((p) => `${p.field}: ${p.message}`);
  it('names unknown agents, more agents than attempts, and too many attempts', () => {
    expect(check('attempts: 3\nagents: [claude, cladue]\n')).toEqual([
      'agents[1]: unknown agent `cladue`; did you mean `claude`?',
    ]);
    expect(check('attempts: 2\nagents: [claude, codex, gemini]\n')).toEqual([
      'agents: `agents` names 3 agents but `attempts` is 2',
    ]);
    expect(check('attempts: 9\n')[0]).toMatch(/^attempts: /);
  });
  it('is what `grove task new --best-of 3` writes', () => {
    const text = renderTaskTemplate('fast', { title: 'Fast', owns: ['src/**'], bestOf: 3 });
    const result = validateTaskText(text, '.grove/tasks/fast.md', { agents: {} });
    expect(result.problems).toEqual([]);
    expect(result.task?.attempts).toBe(3);
  });
});
