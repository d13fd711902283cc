import { describe, expect, it } from 'vitest';
import { validateTaskText } from '../infra/spec/validate-task.js';
import { renderTaskTemplate } from './new-task.js';

describe('renderTaskTemplate', () => {
  it.each([
    'Add a login form',
    'Fix: the "quoted" bug #12',
    "it's - [weird] {yaml} & *stuff* | > %",
    '---',
    'null',
    '3',
  ])('gives a valid task for the title %j, keeping the title exactly', (title) => {
    const text = renderTaskTemplate('t1', {
      title,
      owns: ['src/**'],
      dependsOn: ['base-task'],
      agent: 'codex',
    });
    const result = validateTaskText(text, '.grove/tasks/t1.md', { agents: {} });
    expect(result.problems).toEqual([]);
    expect(result.task).toMatchObject({
      id: 't1',
      title,
      owns: ['src/**'],
      depends_on: ['base-task'],
      agent: 'codex',
    });
  });

  it('uses a placeholder owns glob when none is given', () => {
    const result = validateTaskText(renderTaskTemplate('t2', { title: 'x' }), '.grove/tasks/t2.md', {
      agents: {},
    });
    expect(result.task?.owns).toEqual(['src/t2/**']);
  });
});
