import { describe, expect, it } from 'vitest';
import { validateTaskText } from '../../src/infra/spec/validate-task.js';
import { renderTaskTemplate } from '../../src/app/new-task.js';
import { makeGroveProject } from '../helpers/grove-project.js';

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

describe('grove plan with a best-of task', () => {
  it('lays its attempts out in one wave, together, and a dependent after them', () => {
    const p = makeGroveProject({
      files: {
        '.grove/tasks/pick.md': '---\nid: pick\ntitle: Pick\nowns: ["src/pick/**"]\nattempts: 3\n---\nGo.\n',
        '.grove/tasks/after.md':
          '---\nid: after\ntitle: After\nowns: ["src/pick/**"]\ndepends_on: [pick]\n---\nGo.\n',
      },
    });
    try {
      const out = p.grove('plan', '--json');
      const plan = JSON.parse(out.stdout) as {
        waves: string[][];
        tasks: Array<{ id: string; starts_after: string[] }>;
      };
      expect(plan.waves).toEqual([['pick-try1', 'pick-try2', 'pick-try3'], ['after']]);
      expect(plan.tasks.filter((t) => t.starts_after.length > 0)).toEqual([]);
    } finally {
      p.cleanup();
    }
  });
});
