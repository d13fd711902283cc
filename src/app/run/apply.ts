// Carries out one scheduler decision through the stores, the workspace and the attempt monitor.
import type { Decision, StuckResolution } from '../../core/scheduler/index.js';
import type { AttemptKind } from '../../infra/db/attempt-store.js';
import { refusedSessionNote } from '../../infra/agents/session-id.js';
import type { StopReason } from '../attempts/tracked.js';
import type { TaskState } from '../../shared/task-state.js';
import { ACTIVE_STATES } from '../../shared/task-state.js';
import { agentPlanPrompt, initialPrompt, reassignPrompt, resumePrompt } from './prompts.js';
import { changesPrompt } from '../review/changes-prompt.js';
import type { RunRuntime } from './runtime.js';
import { holdForReflection } from './reflection.js';
import { applyBestOf } from './best-of.js';
import { sendBack } from './send-back.js';
import { startTaskAttempt } from './start-task.js';
import { formatUsd } from '../../shared/cost-format.js';

type TaskDecision = Exclude<Decision, { kind: 'done' }>;

/** Stops the task's live attempt (if any), recording `reason` as its outcome. */
export function stopLiveAttempt(rt: RunRuntime, taskId: string, reason: StopReason): void {
  const latest = rt.stores.attempts.latestForTask(taskId);
  if (!latest || latest.ended_at !== null) return;
  rt.handledAttempts.add(latest.id);
  rt.monitor.adopt(latest);
  rt.monitor.stop(latest.id, reason);
}

interface ReadyIntent {
  resume: boolean;
  reassign: boolean;
  cause: string;
  /** A person requested changes (`grove request-changes`): the review whose comments go to the agent. */
  reviewId?: number;
  /** A person reviewed the agent's plan (`agent_plan`): approved it, or asked for a revision. */
  planReview?: { reviewId: number; approved: boolean };
}

/** What the latest move to `ready` asked for: continue the paused session, or start afresh. */
function readyIntent(rt: RunRuntime, taskId: string): ReadyIntent {
  const last = rt.stores.tasks
    .stateHistory(taskId)
    .filter((h) => h.to === 'ready')
    .at(-1);
  if (!last) return { resume: false, reassign: false, cause: '' };
  const fresh = last.fresh === true;
  return {
    resume: last.resume === true || (last.from === 'paused' && !fresh),
    reassign: last.reassign === true,
    cause: last.cause,
    ...(last.kind === 'review' && last.reviewId !== undefined ? { reviewId: last.reviewId } : {}),
    ...((last.kind === 'plan-approved' || last.kind === 'plan-changes') && last.reviewId !== undefined
      ? { planReview: { reviewId: last.reviewId, approved: last.kind === 'plan-approved' } }
      : {}),
  };
}

async function start(rt: RunRuntime, d: Extract<Decision, { kind: 'start' }>): Promise<void> {
  const task = rt.stores.tasks.require(d.taskId);
  const from: TaskState = task.state;
  if (from !== 'ready' && from !== 'reassigned') return;
  const intent = from === 'ready' ? readyIntent(rt, d.taskId) : { resume: false, reassign: true, cause: '' };
  const wantsResume = intent.resume && task.session_id !== null && d.attemptKind !== 'reassign';
  // A stored id unsafe on a command line (an older grove recorded ids unchecked): a fresh session.
  const refused = wantsResume ? refusedSessionNote(task.session_id) : undefined;
  const resume = wantsResume && refused === undefined;
  // Changes a person requested (to the code or to the plan) are a fix iteration of the same session.
  const kind: AttemptKind = resume
    ? intent.reviewId !== undefined || intent.planReview?.approved === false
      ? 'fix'
      : 'resume'
    : d.attemptKind === 'reassign' || intent.reassign
      ? 'reassign'
      : d.attemptKind;
  const previous = rt.stores.attempts.latestForTask(d.taskId);
  if (
    rt.stores.tasks.transition(
      d.taskId,
      'running',
      `agent started (${kind})${refused ? `; ${refused}` : ''}`,
      {
        expectFrom: [from],
        data: { attemptKind: kind, agent: d.agent, ...(refused ? { sessionRefused: refused } : {}) },
      },
    ) !== 'moved'
  )
    return;
  if (task.agent !== d.agent) rt.stores.tasks.patch(d.taskId, { agent: d.agent });
  // `host: any`: the host the scheduler chose; the attempt's executor is read from the task's host.
  if (d.host !== undefined && task.host !== d.host) rt.stores.tasks.patch(d.taskId, { host: d.host });
  const review = intent.reviewId === undefined ? undefined : changesPrompt(rt, d.taskId, intent.reviewId);
  const plan = agentPlanPrompt(rt, d.taskId, {
    kind,
    resume,
    planReview: intent.planReview,
    previousAgent: previous?.agent,
  });
  const prompt =
    plan !== undefined
      ? plan
      : kind === 'fix' && review
        ? review
        : kind === 'resume'
          ? resumePrompt(intent.cause || 'by the lead')
          : kind === 'reassign'
            ? reassignPrompt(rt, d.taskId, previous?.agent)
            : `${initialPrompt(rt, d.taskId)}${review ? `\n${review}` : ''}`;
  await startTaskAttempt(rt, {
    taskId: d.taskId,
    kind,
    agent: d.agent,
    prompt,
    ...(plan !== undefined ? { planPrompt: true } : {}),
    ...(resume && task.session_id ? { resumeSessionId: task.session_id } : {}),
  });
}

function resolveStuck(
  rt: RunRuntime,
  taskId: string,
  then: StuckResolution,
  data: Record<string, unknown>,
  why: string,
): void {
  if (then.kind === 'reassign') {
    stopLiveAttempt(rt, taskId, 'killed');
    if (
      rt.stores.tasks.transition(taskId, 'reassigned', `reassigned to a fresh ${then.agent} session`, {
        expectFrom: ['stuck'],
        data: { ...data, agent: then.agent },
      }) === 'moved'
    )
      rt.stores.tasks.patch(taskId, { agent: then.agent });
  } else {
    stopLiveAttempt(rt, taskId, 'killed');
    rt.stores.tasks.transition(taskId, 'blocked', why, {
      expectFrom: ['stuck'],
      data: { ...data, reason: then.reason },
    });
  }
}

export async function applyDecision(rt: RunRuntime, d: TaskDecision): Promise<void> {
  const tasks = rt.stores.tasks;
  switch (d.kind) {
    case 'mark-ready':
      tasks.transition(d.taskId, 'ready', 'dependencies merged', { expectFrom: ['planned'] });
      return;
    case 'block': {
      const from = tasks.require(d.taskId).state;
      if (
        tasks.transition(d.taskId, 'blocked', d.notify.message, {
          expectFrom: [from],
          data: { reason: d.reason },
        }) === 'moved'
      )
        rt.notifier.notify(d.notify);
      return;
    }
    case 'start':
      rt.starting.add(d.taskId);
      try {
        return await start(rt, d);
      } finally {
        rt.starting.delete(d.taskId);
      }
    case 'pause-for-budget': {
      const cause = d.usd
        ? `budget: ${formatUsd(d.usd.used)} of its ${formatUsd(d.usd.limit)} dollar budget spent`
        : `budget: ${d.used} of ${d.limit} tokens used`;
      if (
        tasks.transition(d.taskId, 'paused', cause, {
          // verifying: the agent finished and its usage (reported at the end) went over.
          expectFrom: [...ACTIVE_STATES, 'verifying'],
          data: { kind: 'budget', used: d.used, limit: d.limit, exceeded: d.exceeded },
        }) !== 'moved'
      )
        return;
      stopLiveAttempt(rt, d.taskId, 'paused');
      rt.notifier.notify(d.notify);
      return;
    }
    case 'stuck': {
      const from = tasks.require(d.taskId).state;
      if (
        tasks.transition(d.taskId, 'stuck', d.notify.message, {
          expectFrom: [from],
          data: { reason: d.reason },
        }) !== 'moved'
      )
        return;
      resolveStuck(rt, d.taskId, d.then, { reason: d.reason }, d.notify.message);
      rt.notifier.notify(d.notify);
      return;
    }
    case 'resolve-stuck':
      resolveStuck(rt, d.taskId, d.then, {}, d.notify.message);
      rt.notifier.notify(d.notify);
      return;
    case 'fix': {
      const held = rt.gateOutcomes.get(d.taskId)?.outcome;
      if (held?.kind !== 'failed') return;
      await sendBack(rt, d.taskId, {
        source: 'gate',
        gate: held.gate,
        command: held.command,
        outputTail: held.outputTail,
        fingerprint: held.fingerprint,
      });
      return;
    }
    case 'mark-verified':
      tasks.transition(d.taskId, 'verified', 'every gate passed', { expectFrom: ['verifying'] });
      return;
    case 'enqueue':
      // The agent's reflection turn first (config `compound.reflect`): the task waits for it here.
      if (holdForReflection(rt, d.taskId)) return;
      rt.ports.enqueueTask(rt.ctx, d.taskId, 'loop');
      return;
    case 'best-of':
      return applyBestOf(rt, d);
    case 'await-review':
      if (holdForReflection(rt, d.taskId)) return;
      if (tasks.transition(d.taskId, 'review', d.notify.message, { expectFrom: ['verified'] }) === 'moved')
        rt.notifier.notify(d.notify);
      return;
  }
}
