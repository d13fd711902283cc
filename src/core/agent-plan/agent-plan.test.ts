import { describe, expect, it } from 'vitest';
import { RESULT_CONTRACT } from '../prompt.js';
import {
  buildImplementPrompt,
  buildPlanRevisionPrompt,
  buildPlanTurnPrompt,
  checkPlanTurn,
  isPlanTurn,
  planEditedMessage,
  planText,
  wantsAgentPlan,
  withApprovedPlan,
} from './index.js';

const TASK = `# Task t: Do t\n\nDo it.\n\n${RESULT_CONTRACT}\n`;

describe('whether a task plans first', () => {
  it.each([
    [undefined, false, false],
    [undefined, true, true],
    [true, false, true],
    [false, true, false],
  ])('task %s, config %s → %s', (task, config, wanted) => {
    expect(wantsAgentPlan(task, config)).toBe(wanted);
  });

  it('plans until a plan is approved', () => {
    expect(isPlanTurn({ wanted: true, planApproved: false })).toBe(true);
    expect(isPlanTurn({ wanted: true, planApproved: true })).toBe(false);
    expect(isPlanTurn({ wanted: false, planApproved: false })).toBe(false);
  });
});

describe('the plan prompts', () => {
  it('a plan turn: the task without its result contract, then plan-only rules', () => {
    const p = buildPlanTurnPrompt(TASK);
    expect(p).toContain('# Task t: Do t');
    expect(p).not.toContain('End your final message with a JSON block');
    expect(p).toContain('this turn is plan-only');
    expect(p).toContain('Do not edit, create or delete any file');
  });

  it('a revision: the round, the message, still plan-only', () => {
    const p = buildPlanRevisionPrompt({ message: '  test first  ', round: 2 });
    expect(p).toContain('plan review round 2');
    expect(p).toContain('\ntest first\n');
    expect(p).toContain('still plan-only');
  });

  it('the go-ahead: implement the plan, with the result contract and the reviewer note', () => {
    expect(buildImplementPrompt({})).not.toContain('The reviewer adds');
    const p = buildImplementPrompt({ message: 'keep it small' });
    expect(p).toContain('Implement the plan you wrote');
    expect(p).toContain('The reviewer adds: keep it small');
    expect(p.trimEnd().endsWith(RESULT_CONTRACT.trimEnd())).toBe(true);
  });

  it('a fresh session after approval: the task, the approved plan, one result contract', () => {
    const p = withApprovedPlan(TASK, '1. Do it.');
    expect(p).toContain('## The approved plan');
    expect(p).toContain('1. Do it.');
    expect(p.split(RESULT_CONTRACT)).toHaveLength(2);
  });
});

describe('the plan text and the plan-turn check', () => {
  it('takes the result, else the last message, trimmed; none when both are blank', () => {
    expect(planText(' plan \n', 'other')).toBe('plan');
    expect(planText('  ', 'from message')).toBe('from message');
    expect(planText(undefined, undefined)).toBeUndefined();
    expect(planText('', '\n')).toBeUndefined();
  });

  it('unchanged only with the same HEAD and the same tree', () => {
    const before = { head: 'h1', tree: 't1' };
    expect(checkPlanTurn(before, { head: 'h1', tree: 't1' }, [])).toEqual({ kind: 'unchanged' });
    expect(checkPlanTurn(before, { head: 'h1', tree: 't2' }, ['b', 'a'])).toEqual({
      kind: 'changed',
      files: ['a', 'b'],
      committed: false,
    });
    expect(checkPlanTurn(before, { head: 'h2', tree: 't1' }, [])).toEqual({
      kind: 'changed',
      files: [],
      committed: true,
    });
  });

  it('says what changed, that it was put back, and what to do', () => {
    const files = Array.from({ length: 12 }, (_, i) => `f${String(i).padStart(2, '0')}`);
    const m = planEditedMessage('t', { kind: 'changed', files, committed: true });
    expect(m).toContain('t: its agent changed files during its plan-only turn and committed (f00, f01');
    expect(m).toContain('and 2 more');
    expect(m).toContain('grove put the worktree back');
    expect(m).toContain('`grove retry t`');
  });
});
