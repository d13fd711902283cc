// The prompts of an agent plan (config `review.agent_plan`): the plan-only first turn, the revision a
// person asked for, and the go-ahead to implement the approved plan in the same session. Pure.
import { RESULT_CONTRACT } from '../prompt.js';

const PLAN_ONLY = [
  '## Plan first: this turn is plan-only',
  'Do not edit, create or delete any file, do not commit, and run only commands that change nothing.',
  'Read what you need, then write an implementation plan: the files you will change and how, the tests',
  'you will add or run, and the risks. Your final message is the whole plan, as Markdown, with no JSON',
  'result block. A person reviews it; once it is approved you implement it in this same session.',
  'Any change to the working tree made in this turn is discarded.',
].join('\n');

/** The task prompt (its result contract left out: it comes with the go-ahead) as a plan-only turn. */
export function buildPlanTurnPrompt(taskPrompt: string): string {
  const task = taskPrompt.split(RESULT_CONTRACT).join('').trim();
  return `${task}\n\n${PLAN_ONLY}\n`;
}

export interface PlanRevisionInput {
  message: string;
  /** 1 for the first request for changes to the plan. */
  round: number;
}

/** Sent to the same session after a person requested changes to its plan: revise it, still plan-only. */
export function buildPlanRevisionPrompt(input: PlanRevisionInput): string {
  return [
    `A person reviewed your plan and requests changes (plan review round ${input.round}).`,
    '',
    input.message.trim(),
    '',
    'Write a revised plan that addresses this. This turn is still plan-only: do not edit, create or',
    'delete any file and do not commit. Your final message is the whole revised plan, as Markdown.',
    '',
  ].join('\n');
}

/** Sent to the same session once its plan is approved: implement it, now with edits allowed. */
export function buildImplementPrompt(input: { message?: string }): string {
  const note = input.message?.trim() ? `\n\nThe reviewer adds: ${input.message.trim()}` : '';
  return [
    `Your plan was approved.${note}`,
    '',
    'Implement the plan you wrote, in this session: you may edit files now. Edit only the files you own,',
    'run the checks from the task, and commit your work on this branch.',
    '',
    RESULT_CONTRACT,
    '',
  ].join('\n');
}

/** For an agent with no session to resume (a retry, a reassignment): the task, then the approved plan. */
export function withApprovedPlan(taskPrompt: string, plan: string): string {
  const task = taskPrompt.split(RESULT_CONTRACT).join('').trim();
  return [
    task,
    '',
    '## The approved plan',
    'A person approved this implementation plan, written in an earlier session of this task. Implement it.',
    '',
    plan.trim(),
    '',
    RESULT_CONTRACT,
    '',
  ].join('\n');
}
