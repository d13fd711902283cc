import { actionApplies } from '../../shared/task-actions.js';
import {
  applyBudgetChange,
  checkBudget,
  formatTokens,
  parseBudgetChange,
  suggestBudgetIncrease,
} from '../../core/budget.js';
import { done, move, raced, wrongState } from './common.js';
import { resumeDollarBudget } from '../run/spend.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, CommandRefused, CommandResult } from './result.js';

type BudgetOutcome = { kind: 'ok'; budget: number } | CommandRefused;

/** The budget the task resumes with, or why it would pause again at once. */
function resumeBudget(
  deps: TaskCommandDeps,
  id: string,
  current: number,
  used: number,
  text?: string,
): BudgetOutcome {
  const pauseAt = deps.config.budgets.pause_at;
  if (text !== undefined) {
    const parsed = parseBudgetChange(text);
    if (parsed.kind === 'invalid') return { kind: 'refused', code: 'USAGE', message: parsed.message };
    const applied = applyBudgetChange(current, parsed.change, used, pauseAt);
    if (applied.kind === 'still-over') return { kind: 'refused', code: 'USAGE', message: applied.message };
    return { kind: 'ok', budget: applied.budget };
  }
  if (checkBudget(used, current, pauseAt).kind === 'ok') return { kind: 'ok', budget: current };
  return {
    kind: 'refused',
    code: 'USAGE',
    message: `${id} has used ${used} of its ${current} tokens and would pause again at once`,
    hint: `give it more: \`grove resume ${id} --budget +${formatTokens(suggestBudgetIncrease(used, current, pauseAt)).toLowerCase()}\``,
  };
}

/** True when the task was paused from verifying: its agent had finished when the pause came. */
function pausedAfterItsAgent(deps: TaskCommandDeps, task: { id: string; state: string }): boolean {
  if (task.state !== 'paused') return false;
  const pause = deps.store
    .stateHistory(task.id)
    .filter((h) => h.to === 'paused')
    .at(-1);
  return pause?.from === 'verifying';
}

/** Resumes a paused or blocked task in its session; `budgetText` (`+50000`, `200000`) changes its budget. */
export function resumeTask(
  deps: TaskCommandDeps,
  id: string,
  by: CommandDoor,
  budgetText?: string,
): CommandResult {
  const task = deps.store.require(id);
  if (!actionApplies('resume', task.state)) return wrongState(task, 'resume', 'paused or blocked');
  const used = deps.stores.usage.totalsForTask(id).total;
  const current = task.budget_tokens ?? deps.config.budgets.tokens;
  const outcome = resumeBudget(deps, id, current, used, budgetText);
  if (outcome.kind === 'refused') return outcome;
  const dollars = resumeDollarBudget(deps, id);
  if (dollars.kind === 'refused') return { ...dollars, code: 'USAGE' };
  const { budget } = outcome;
  if (budget !== current) deps.store.patch(id, { budget_tokens: budget });
  const cause = `resumed by the lead${budget !== current ? ` with a budget of ${budget}` : ''}`;
  if (pausedAfterItsAgent(deps, task)) {
    // Its agent had finished (the budget pause came with its usage at the end of the run): no agent to
    // continue; its work goes back to the gates' verdict.
    if (!move(deps, task, by, 'resume', 'verifying', cause, { resume: true, budget })) return raced(id);
    return done(
      deps,
      task,
      'resume',
      'verifying',
      `${id} resumed: its agent had finished, so its work goes on from the gates; budget ${budget} tokens (${used} used)`,
    );
  }
  if (!move(deps, task, by, 'resume', 'ready', cause, { resume: true, budget })) return raced(id);
  const how =
    task.session_id !== null
      ? `continues session ${task.session_id}`
      : 'starts a new session (none was recorded)';
  return done(deps, task, 'resume', 'ready', `${id} resumed: ${how}; budget ${budget} tokens (${used} used)`);
}
