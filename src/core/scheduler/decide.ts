import type { TaskState } from '../../shared/task-state.js';
import { checkBudget, formatTokens } from '../budget.js';
import { checkStuck } from '../stuck.js';
import type { BlockReason, Decision, Notification, StuckReason, StuckResolution } from './decision.js';
import type { SchedulerPolicy, SchedulerSnapshot, SchedulerTask } from './snapshot.js';

/** States that take a WIP slot (an agent runs, or its gates do). */
const WIP_STATES: readonly TaskState[] = ['running', 'fixing', 'verifying', 'reassigned'];
/** States in which the task is still moving without a person. */
const IN_FLIGHT: readonly TaskState[] = [...WIP_STATES, 'stuck', 'verified', 'queued', 'integrating'];
const MERGED: readonly TaskState[] = ['merged', 'cleaned'];
const DEP_DEAD: readonly TaskState[] = ['abandoned', 'failed'];
const NEEDS_PERSON: readonly TaskState[] = ['blocked', 'failed', 'paused', 'conflict'];

/**
 * The scheduler: one pure step from a snapshot of every task to the decisions the app should carry out.
 * Deterministic: the same snapshot gives the same decisions in the same order (per-task decisions by
 * task id, then starts — reassigned tasks first, then ready ones by priority, highest first, then id —
 * then `done`). The app applies them, takes a new snapshot and calls `decide` again.
 */
export function decide(snapshot: SchedulerSnapshot): Decision[] {
  const { policy, now } = snapshot;
  const tasks = [...snapshot.tasks].sort((a, b) => compareIds(a.id, b.id));
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const decisions: Decision[] = [];
  const next = new Map<string, TaskState>();
  const record = (d: Exclude<Decision, { kind: 'done' }>, to: TaskState | undefined): void => {
    decisions.push(d);
    if (to) next.set(d.taskId, to);
  };

  for (const task of tasks) {
    const d = decideForTask(task, byId, policy, now);
    if (d) record(d, stateAfter(d));
  }

  for (const d of planStarts(tasks, next, policy)) record(d, d.to);

  const after = (t: SchedulerTask): TaskState => next.get(t.id) ?? t.state;
  if (decisions.length === 0 && !tasks.some((t) => IN_FLIGHT.includes(after(t)))) {
    decisions.push(doneDecision(tasks));
  }
  return decisions;
}

function stateAfter(d: Decision): TaskState | undefined {
  switch (d.kind) {
    case 'stuck':
    case 'resolve-stuck':
      // A reassigned task keeps its slot; a blocked one frees it.
      return d.then.kind === 'reassign' ? 'reassigned' : 'blocked';
    case 'done':
      return undefined;
    case 'mark-ready':
    case 'block':
    case 'start':
    case 'pause-for-budget':
    case 'fix':
    case 'mark-verified':
    case 'enqueue':
      return d.to;
  }
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
      const budget = checkBudget(task.tokensUsed, task.budget, policy.pauseAt);
      if (budget.kind !== 'ok') {
        const exceeded = budget.kind === 'exceeded';
        const pct = Math.round(budget.fraction * 100);
        return {
          kind: 'pause-for-budget',
          taskId: task.id,
          to: 'paused',
          used: budget.used,
          limit: budget.limit,
          exceeded,
          notify: notify(
            'budget',
            task.id,
            `${task.id} paused: ${formatTokens(budget.used)} of ${formatTokens(budget.limit)} tokens used (${pct}%)` +
              `; continue with: grove resume ${task.id} --budget +${formatTokens(Math.max(budget.limit, 1000)).toLowerCase()}`,
          ),
        };
      }
      return decideStuck(task, policy, now, true);
    }
    case 'verifying':
      return decideAfterGates(task, policy, now);
    case 'stuck': {
      const reason: StuckReason = lastStuckReason(task);
      const then = resolveStuck(task, reason, policy);
      return { kind: 'resolve-stuck', taskId: task.id, then, notify: stuckNotification(task, reason, then) };
    }
    case 'verified':
      return { kind: 'enqueue', taskId: task.id, to: 'queued' };
    case 'ready':
    case 'reassigned':
    case 'paused':
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
    if (DEP_DEAD.includes(dep.state)) {
      return block(
        task,
        { kind: 'dependency-failed', dependency: depId, dependencyState: dep.state },
        `${task.id} is blocked: its dependency ${depId} is ${dep.state}`,
      );
    }
  }
  const ready = task.dependsOn.every((d) => MERGED.includes(byId.get(d)?.state ?? 'planned'));
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
      return { kind: 'mark-verified', taskId: task.id, to: 'verified' };
    case 'failed': {
      const stuck = decideStuck(task, policy, now, false);
      if (stuck) return stuck;
      if (task.fixIterations < policy.maxFixIterations) {
        return {
          kind: 'fix',
          taskId: task.id,
          to: 'fixing',
          gate: gates.gate,
          fingerprint: gates.fingerprint,
          iteration: task.fixIterations + 1,
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

function decideStuck(
  task: SchedulerTask,
  policy: SchedulerPolicy,
  now: number,
  active: boolean,
): Exclude<Decision, { kind: 'done' }> | undefined {
  const check = checkStuck({
    fingerprints: task.failureFingerprints,
    repeats: policy.stuckRepeats,
    active,
    lastOutputAt: task.lastOutputAt,
    startedAt: task.attemptStartedAt,
    now,
    idleMs: policy.stuckIdleMs,
  });
  if (check.kind === 'ok') return undefined;
  const reason: StuckReason =
    check.reason === 'idle'
      ? { kind: 'idle', idleMs: check.idleMs }
      : { kind: 'repeated-failure', fingerprint: check.fingerprint, repeats: check.repeats };
  const then = resolveStuck(task, reason, policy);
  return {
    kind: 'stuck',
    taskId: task.id,
    to: 'stuck',
    reason,
    then,
    notify: stuckNotification(task, reason, then),
  };
}

/** Reassign to a fresh session (the fallback agent if configured) until `maxReassign`, then block. */
export function resolveStuck(
  task: SchedulerTask,
  reason: StuckReason,
  policy: SchedulerPolicy,
): StuckResolution {
  if (policy.stuckAction === 'block') return { kind: 'block', reason: { kind: 'stuck-policy', reason } };
  if (task.reassignments >= policy.maxReassign) {
    return { kind: 'block', reason: { kind: 'stuck', reason, reassignments: task.reassignments } };
  }
  return { kind: 'reassign', agent: policy.fallbackAgent ?? task.agent };
}

function lastStuckReason(task: SchedulerTask): StuckReason {
  const last = task.failureFingerprints[task.failureFingerprints.length - 1];
  if (last === undefined) return { kind: 'idle', idleMs: 0 };
  let repeats = 0;
  for (let i = task.failureFingerprints.length - 1; i >= 0 && task.failureFingerprints[i] === last; i -= 1)
    repeats += 1;
  return { kind: 'repeated-failure', fingerprint: last, repeats };
}

function planStarts(
  tasks: readonly SchedulerTask[],
  next: ReadonlyMap<string, TaskState>,
  policy: SchedulerPolicy,
): Array<Extract<Decision, { kind: 'start' }>> {
  const stateOf = (t: SchedulerTask): TaskState => next.get(t.id) ?? t.state;
  const occupied = new Set(tasks.filter((t) => WIP_STATES.includes(stateOf(t))).map((t) => t.id));
  const starts: Array<Extract<Decision, { kind: 'start' }>> = [];

  // Reassigned tasks already hold their slot: start them first.
  for (const t of tasks) {
    if (stateOf(t) === 'reassigned')
      starts.push({ kind: 'start', taskId: t.id, to: 'running', agent: t.agent, attemptKind: 'reassign' });
  }

  const running = new Set(occupied);
  let free = policy.wip - occupied.size;
  const ready = tasks
    .filter((t) => stateOf(t) === 'ready')
    .sort((a, b) => b.priority - a.priority || compareIds(a.id, b.id));
  for (const t of ready) {
    if (free <= 0) break;
    if (overlapsAny(t, running, tasks)) continue;
    starts.push({
      kind: 'start',
      taskId: t.id,
      to: 'running',
      agent: t.agent,
      attemptKind: t.attempts === 0 ? 'initial' : 'retry',
    });
    running.add(t.id);
    free -= 1;
  }
  return starts;
}

/** Overlap is symmetric even when only one side lists it. */
function overlapsAny(
  task: SchedulerTask,
  running: ReadonlySet<string>,
  tasks: readonly SchedulerTask[],
): boolean {
  if ((task.overlapsWith ?? []).some((id) => running.has(id))) return true;
  return tasks.some((o) => running.has(o.id) && (o.overlapsWith ?? []).includes(task.id));
}

function doneDecision(tasks: readonly SchedulerTask[]): Decision {
  const ids = (states: readonly TaskState[]): string[] =>
    tasks.filter((t) => states.includes(t.state)).map((t) => t.id);
  const merged = ids(MERGED);
  const needsPerson = tasks
    .filter((t) => NEEDS_PERSON.includes(t.state) || t.state === 'planned' || t.state === 'ready')
    .map((t) => t.id);
  const abandoned = ids(['abandoned']);
  const message =
    needsPerson.length === 0
      ? `all done: ${merged.length} merged${abandoned.length ? `, ${abandoned.length} abandoned` : ''}`
      : `nothing more can run without you: ${merged.length} merged, waiting on a person: ${needsPerson.join(', ')}`;
  return { kind: 'done', merged, needsPerson, abandoned, notify: notify('done', null, message) };
}

function block(
  task: SchedulerTask,
  reason: BlockReason,
  message: string,
): Extract<Decision, { kind: 'block' }> {
  return {
    kind: 'block',
    taskId: task.id,
    to: 'blocked',
    reason,
    notify: notify('blocked', task.id, message),
  };
}

function stuckNotification(task: SchedulerTask, reason: StuckReason, then: StuckResolution): Notification {
  const what =
    reason.kind === 'idle'
      ? `no output for ${Math.round(reason.idleMs / 1000)}s`
      : `the same failure ${reason.repeats} times in a row (${reason.fingerprint})`;
  const action =
    then.kind === 'reassign'
      ? `reassigning to a fresh ${then.agent} session`
      : 'blocked until a person looks at it';
  return notify(
    then.kind === 'reassign' ? 'stuck' : 'blocked',
    task.id,
    `${task.id} is stuck: ${what}; ${action}`,
  );
}

function notify(kind: Notification['kind'], taskId: string | null, message: string): Notification {
  return { kind, taskId, message };
}

/** Plain code-unit order, so the result does not depend on the locale. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
