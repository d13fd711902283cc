import { describe, expect, it } from 'vitest';
import { validateTaskText } from '../../src/infra/spec/validate-task.js';
import { renderTaskTemplate } from '../../src/app/new-task.js';

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
