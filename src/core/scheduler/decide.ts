import type { TaskState } from '../../shared/task-state.js';
import {
  DEAD_DEPENDENCY_STATES,
  IN_FLIGHT_STATES,
  MERGED_STATES,
  NEEDS_PERSON_STATES,
  NOT_STARTED_STATES,
} from '../../shared/task-state.js';
import type { BestOfOutcome } from '../best-of/settle.js';
import { settleBestOf } from '../best-of/settle.js';
import { checkBudget, formatTokens, suggestBudgetIncrease } from '../budget.js';
import { formatUsd } from '../../shared/cost-format.js';
import type { Decision, StuckReason } from './decision.js';
import { block, compareIds, notify } from './helpers.js';
import type { SchedulerPolicy, SchedulerSnapshot, SchedulerTask } from './snapshot.js';
import { nextIteration } from './send-back.js';
import type { OverlapWait } from './overlap.js';
import { busyWithOwnedPaths, overlapWait, overlappingTasks } from './overlap.js';
import type { StartWait } from './starts.js';
import { planStarts, startOrder } from './starts.js';
import { decideStuck, lastStuckReason, resolveStuck, stuckNotification } from './stuck-decisions.js';

/**
 * The scheduler: one pure step from a snapshot of every task to the decisions the app should carry out.
 * Deterministic: the same snapshot gives the same decisions in the same order (per-task decisions by
 * task id, then starts — reassigned tasks first, then ready ones by priority, highest first, then id —
 * then `done`). The app applies them, takes a new snapshot and calls `decide` again.
 */
export function decide(snapshot: SchedulerSnapshot): Decision[] {
  return decideWithWaits(snapshot).decisions;
}

/**
 * `decide`, plus the tasks that do not start or fix now because an overlapping task holds the paths
 * (overlap.ts) or their spec waits for the lead's plan approval (plan-approval.ts), with the reason. Waits are not decisions: nothing moves, and a step where
 * only tasks wait is settled (`done` when nothing else can move).
 */
export function decideWithWaits(snapshot: SchedulerSnapshot): {
  decisions: Decision[];
  waits: StartWait[];
} {
  const { policy, now } = snapshot;
  const tasks = [...snapshot.tasks].sort((a, b) => compareIds(a.id, b.id));
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const decisions: Decision[] = [];
  const next = new Map<string, TaskState>();
  const record = (d: Exclude<Decision, { kind: 'done' }>, to: TaskState | undefined): void => {
    decisions.push(d);
    if (to) next.set(d.taskId, to);
  };

  const fixes: Array<Extract<Decision, { kind: 'fix' }>> = [];
  for (const task of tasks) {
    const d = decideForTask(task, byId, policy, now);
    if (d?.kind === 'fix') fixes.push(d);
    else if (d) record(d, stateAfter(d));
  }
  const heldFixes = holdFixes(fixes, tasks, next);
  for (const d of fixes) if (!heldFixes.some((w) => w.taskId === d.taskId)) record(d, d.to);
  decisions.sort((a, b) => compareIds(taskOf(a), taskOf(b)));

  for (const d of bestOfDecisions(tasks, policy)) record(d, undefined);

  const { starts, waits } = planStarts(tasks, next, policy, snapshot.spendCap);
  for (const d of starts) record(d, d.to);

  const after = (t: SchedulerTask): TaskState => next.get(t.id) ?? t.state;
  if (decisions.length === 0 && !tasks.some((t) => IN_FLIGHT_STATES.includes(after(t)))) {
    decisions.push(doneDecision(tasks));
  }
  return { decisions, waits: [...heldFixes, ...waits] };
}

const taskOf = (d: Decision): string => (d.kind === 'done' ? '' : d.taskId);

/**
 * Fix iterations that wait (overlap.ts, rule 2): while a task whose ownership overlaps has an agent or
 * gates running, a fix of the other does not start. Fixes are admitted in the start order, each one
 * making its task busy for the ones after it; the held ones are returned.
 */
function holdFixes(
  fixes: ReadonlyArray<Extract<Decision, { kind: 'fix' }>>,
  tasks: readonly SchedulerTask[],
  next: Map<string, TaskState>,
): OverlapWait[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const held: OverlapWait[] = [];
  const ordered = [...fixes].sort((a, b) => startOrder(byId.get(a.taskId)!, byId.get(b.taskId)!));
  const admitted = new Set<string>();
  for (const d of ordered) {
    const task = byId.get(d.taskId)!;
    const busy = overlappingTasks(task, tasks)
      .sort((a, b) => compareIds(a.id, b.id))
      .find((o) => admitted.has(o.id) || busyWithOwnedPaths(o, next.get(o.id) ?? o.state, next.has(o.id)));
    if (busy) {
      held.push(
        overlapWait(task, 'fix', busy, admitted.has(busy.id) ? 'fixing' : (next.get(busy.id) ?? busy.state)),
      );
      continue;
    }
    admitted.add(d.taskId);
    next.set(d.taskId, d.to);
  }
  return held;
}

function stateAfter(d: Decision): TaskState | undefined {
  switch (d.kind) {
    case 'stuck':
    case 'resolve-stuck':
      // A reassigned task keeps its slot; a blocked one frees it.
      return d.then.kind === 'reassign' ? 'reassigned' : 'blocked';
    case 'done':
    case 'best-of':
      return undefined;
    case 'mark-ready':
    case 'block':
    case 'start':
    case 'pause-for-budget':
    case 'fix':
    case 'mark-verified':
    case 'enqueue':
    case 'await-review':
      return d.to;
  }
}

/**
 * A pause when the task's tokens reached its pause threshold, with a resume command that will be
 * accepted. `finished`: the agent's run is over (Codex and Gemini report usage only at its end), so the
 * pause comes before its work goes on to the queue or to a fix.
 */
function budgetPause(
  task: SchedulerTask,
  policy: SchedulerPolicy,
  when: 'running' | 'finished',
): Extract<Decision, { kind: 'pause-for-budget' }> | undefined {
  const budget = checkBudget(task.tokensUsed, task.budget, policy.pauseAt);
  if (budget.kind === 'ok') return dollarPause(task, policy, when);
  const pct = Math.round(budget.fraction * 100);
  const more = suggestBudgetIncrease(budget.used, budget.limit, policy.pauseAt);
  const after = when === 'finished' ? ' when its agent finished (its usage came at the end of the run)' : '';
  return {
    kind: 'pause-for-budget',
    taskId: task.id,
    to: 'paused',
    used: budget.used,
    limit: budget.limit,
    exceeded: budget.kind === 'exceeded',
    notify: notify(
      'budget',
      task.id,
      `${task.id} paused${after}: ${formatTokens(budget.used)} of ${formatTokens(budget.limit)} tokens used (${pct}%)` +
        `; continue with: grove resume ${task.id} --budget +${formatTokens(more).toLowerCase()}`,
    ),
  };
}

/**
 * A pause when the task's known cost reached its dollar budget's pause threshold (spec `budget.usd`,
 * its role's, or config `budgets.usd`). There is no resume amount to suggest on the command line: the
 * budget lives in the task file or the config, so that is what the lead raises.
 */
function dollarPause(
  task: SchedulerTask,
  policy: SchedulerPolicy,
  when: 'running' | 'finished',
): Extract<Decision, { kind: 'pause-for-budget' }> | undefined {
  const usd = task.usd;
  if (!usd) return undefined;
  const budget = checkBudget(usd.used, usd.limit, policy.pauseAt);
  if (budget.kind === 'ok') return undefined;
  const pct = Math.round(budget.fraction * 100);
  const after = when === 'finished' ? ' when its agent finished' : '';
  const spent = `${usd.unknown ? 'at least ' : ''}${formatUsd(usd.used)}`;
  return {
    kind: 'pause-for-budget',
    taskId: task.id,
    to: 'paused',
    used: task.tokensUsed,
    limit: task.budget,
    exceeded: budget.kind === 'exceeded',
    usd: { used: usd.used, limit: usd.limit },
    notify: notify(
      'budget',
      task.id,
      `${task.id} paused${after}: ${spent} of its ${formatUsd(usd.limit)} dollar budget spent (${pct}%)` +
        `; raise budget.usd in its task file (or its role's / budgets.usd in .grove/config.yaml), then grove resume ${task.id}`,
    ),
  };
}

function decideForTask(
  task: SchedulerTask,
  byId: ReadonlyMap<string, SchedulerTask>,
  policy: SchedulerPolicy,
  now: number,
): Exclude<Decision, { kind: 'done' }> | undefined {
  switch (task.state) {
    case 'planned':
      return decideDependencies(task, byId);
    case 'running':
    case 'fixing': {
      const pause = task.agentFinished ? undefined : budgetPause(task, policy, 'running');
      return pause ?? decideStuck(task, policy, now, true);
    }
    case 'verifying':
      // An attempt of a best-of task that failed waits for the others: the best of them is fixed.
      if (waitsForSiblings(task) && task.gates?.kind === 'failed') return undefined;
      return decideAfterGates(task, policy, now);
    case 'stuck': {
      const reason: StuckReason = lastStuckReason(task);
      const then = resolveStuck(task, reason, policy);
      return { kind: 'resolve-stuck', taskId: task.id, then, notify: stuckNotification(task, reason, then) };
    }
    case 'verified':
      return waitsForSiblings(task) ? undefined : decideVerified(task, policy);
    case 'ready':
    case 'reassigned':
    case 'paused':
    case 'review':
    case 'queued':
    case 'integrating':
    case 'merged':
    case 'cleaned':
    case 'blocked':
    case 'conflict':
    case 'failed':
    case 'abandoned':
      return undefined;
  }
}

/** An attempt of a best-of task whose group grove has not ranked yet. */
function waitsForSiblings(task: SchedulerTask): boolean {
  return task.bestOf !== undefined && !task.bestOf.ranked;
}

/** Best-of groups not ranked yet whose attempts have all settled (settle.ts), by group id. */
function bestOfDecisions(
  tasks: readonly SchedulerTask[],
  policy: SchedulerPolicy,
): Array<Extract<Decision, { kind: 'best-of' }>> {
  const groups = new Map<string, SchedulerTask[]>();
  for (const t of tasks) {
    if (!t.bestOf || t.bestOf.ranked) continue;
    groups.set(t.bestOf.group, [...(groups.get(t.bestOf.group) ?? []), t]);
  }
  const out: Array<Extract<Decision, { kind: 'best-of' }>> = [];
  for (const [group, members] of [...groups].sort(([a], [b]) => compareIds(a, b))) {
    // A group is ranked once, with every attempt: wait until all of them are in the snapshot.
    if (members.length < members[0]!.bestOf!.of) continue;
    const outcome = settleBestOf(
      group,
      members.map((m) => ({
        id: m.id,
        state: m.state,
        gatesDone: m.gates !== undefined && m.gates.kind !== 'pending',
        figures: m.bestOf!.figures,
        ...(m.bestOf!.counting === true ? { counting: true } : {}),
      })),
      policy.reviewCode ?? 'auto',
    );
    if (!outcome) continue;
    out.push({
      kind: 'best-of',
      taskId: group,
      outcome,
      notify: notify('review', group, bestOfMessage(outcome)),
    });
  }
  return out;
}

function bestOfMessage(o: BestOfOutcome): string {
  const n = o.ranked.length;
  if (o.pick) {
    const why = o.ranked.find((c) => c.id === o.pick)?.why ?? '';
    const also =
      o.review.length > 0 ? `; ${o.review.join(', ')} also passed and wait beside it for your review` : '';
    return `${o.group}: best of ${n} is ${o.pick} (${why})${also}`;
  }
  if (o.fix) return `${o.group}: none of ${n} attempts passed; the best, ${o.fix}, goes to the fix loop`;
  return `${o.group}: none of ${n} attempts produced work to rank`;
}

/** A verified task joins the queue, unless a person must review it first and has not approved it. */
function decideVerified(task: SchedulerTask, policy: SchedulerPolicy): Exclude<Decision, { kind: 'done' }> {
  if (policy.reviewCode !== 'required' || task.approved === true) {
    return { kind: 'enqueue', taskId: task.id, to: 'queued' };
  }
  return {
    kind: 'await-review',
    taskId: task.id,
    to: 'review',
    notify: notify(
      'review',
      task.id,
      `${task.id} passed its gates and waits for your review: grove review ${task.id}`,
    ),
  };
}

function decideDependencies(
  task: SchedulerTask,
  byId: ReadonlyMap<string, SchedulerTask>,
): Exclude<Decision, { kind: 'done' }> | undefined {
  for (const depId of [...task.dependsOn].sort(compareIds)) {
    const dep = byId.get(depId);
    if (!dep) {
      return block(
        task,
        { kind: 'dependency-missing', dependency: depId },
        `${task.id} depends on ${depId}, which is not a task`,
      );
    }
    if (DEAD_DEPENDENCY_STATES.includes(dep.state)) {
      return block(
        task,
        { kind: 'dependency-failed', dependency: depId, dependencyState: dep.state },
        `${task.id} is blocked: its dependency ${depId} is ${dep.state}`,
      );
    }
  }
  const ready = task.dependsOn.every((d) => MERGED_STATES.includes(byId.get(d)?.state ?? 'planned'));
  return ready ? { kind: 'mark-ready', taskId: task.id, to: 'ready' } : undefined;
}

/**
 * After a task's gates ran: verified when they passed; stuck when the failure repeats; otherwise another
 * fix iteration while iterations remain, else blocked. Exported for the verify use case.
 */
export function decideAfterGates(
  task: SchedulerTask,
  policy: SchedulerPolicy,
  now: number,
): Exclude<Decision, { kind: 'done' }> | undefined {
  const gates = task.gates ?? { kind: 'pending' };
  switch (gates.kind) {
    case 'pending':
      return undefined;
    case 'passed':
      return (
        budgetPause(task, policy, 'finished') ?? { kind: 'mark-verified', taskId: task.id, to: 'verified' }
      );
    case 'failed': {
      const overBudget = budgetPause(task, policy, 'finished');
      if (overBudget) return overBudget;
      const stuck = decideStuck(task, policy, now, false);
      if (stuck) return stuck;
      const iteration = nextIteration(task.fixIterations, policy.maxFixIterations);
      if (iteration !== undefined) {
        return {
          kind: 'fix',
          taskId: task.id,
          to: 'fixing',
          gate: gates.gate,
          fingerprint: gates.fingerprint,
          iteration,
        };
      }
      return block(
        task,
        { kind: 'fix-iterations-exhausted', iterations: task.fixIterations, gate: gates.gate },
        `${task.id} is blocked: gate ${gates.gate} still fails after ${task.fixIterations} fix iteration(s)`,
      );
    }
  }
}

function doneDecision(tasks: readonly SchedulerTask[]): Decision {
  const ids = (states: readonly TaskState[]): string[] =>
    tasks.filter((t) => states.includes(t.state)).map((t) => t.id);
  const merged = ids(MERGED_STATES);
  const needsPerson = tasks
    .filter((t) => NEEDS_PERSON_STATES.includes(t.state) || NOT_STARTED_STATES.includes(t.state))
    .map((t) => t.id);
  const abandoned = ids(['abandoned']);
  const message =
    needsPerson.length === 0
      ? `all done: ${merged.length} merged${abandoned.length ? `, ${abandoned.length} abandoned` : ''}`
      : `nothing more can run without you: ${merged.length} merged, waiting on a person: ${needsPerson.join(', ')}`;
  return { kind: 'done', merged, needsPerson, abandoned, notify: notify('done', null, message) };
}
