// The agent's own reflection (config `compound.reflect`, issue 20): when a task's gates passed and it is
// about to go to review or the queue, grove asks the same agent session, in a read-only final turn (the
// plan-turn mode: `LaunchInput.planOnly`), for the one thing the next agent should know. The answer is
// parsed into one rule line and journaled (type `reflection`); `grove retro` gathers it as a lesson
// candidate. The turn's tokens count with the attempt's. A turn that fails, times out or changes a file
// (put back) yields no candidate and never holds the task: it goes on to review or the queue regardless.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { AgentEvent } from '../../shared/agent-event.js';
import type { AttemptRow } from '../../infra/db/attempt-store.js';
import type { LaunchInput } from '../../infra/agents/adapter.js';
import { getAdapter, resolveAgent } from '../../infra/agents/registry.js';
import { safeSessionId } from '../../infra/agents/session-id.js';
import { changedPaths, restoreWorktree } from '../../infra/git/restore.js';
import { snapshotWorktree } from '../../infra/git/snapshot.js';
import { run } from '../../infra/process/run.js';
import { parseReflection, reflectionPrompt } from '../../core/learnings/index.js';
import type { JournalData } from '../../shared/journal-event.js';
import { agentHomeDir } from '../attempts/files.js';
import { planTurnBase } from './agent-plan.js';
import type { RunRuntime } from './runtime.js';

type Outcome = Omit<JournalData<'reflection'>, 'attemptId' | 'n' | 'agent' | 'tokens' | 'ms'>;

/** Tasks whose reflection turn runs now, per run loop. */
const inFlight = new WeakMap<RunRuntime, Set<string>>();

function running(rt: RunRuntime): Set<string> {
  let set = inFlight.get(rt);
  if (!set) inFlight.set(rt, (set = new Set()));
  return set;
}

/** The attempt to reflect on: the task's latest, when it completed and has not reflected yet. */
function attemptToReflect(rt: RunRuntime, taskId: string): AttemptRow | undefined {
  if (!rt.ctx.config.compound.reflect) return undefined;
  const task = rt.stores.tasks.get(taskId);
  const latest = rt.stores.attempts.latestForTask(taskId);
  if (!task?.worktree || !latest || latest.outcome !== 'completed') return undefined;
  if (safeSessionId(latest.session_id ?? task.session_id ?? undefined) === undefined) return undefined;
  if (rt.stores.agentPlans.forAttempt(latest.id)) return undefined; // a plan turn is not the task's end
  let adapterPlans: boolean;
  try {
    adapterPlans =
      getAdapter(resolveAgent(rt.ctx.config, latest.agent).definition.adapter).planTurn !== undefined;
  } catch {
    return undefined; // the agent is gone from config: nothing to ask
  }
  if (!adapterPlans) return undefined; // the command adapter cannot run a read-only turn
  const done = rt.stores.journal.forTask(taskId, ['reflection']).some((r) => r.data.attemptId === latest.id);
  return done ? undefined : latest;
}

/**
 * Whether the task (verified, about to go to review or the queue) waits for its reflection turn: it
 * starts the turn when it is due. The caller leaves the task where it is while this says true; the loop
 * is woken when the turn ends.
 */
export function holdForReflection(rt: RunRuntime, taskId: string): boolean {
  const busy = running(rt);
  if (busy.has(taskId)) return true;
  const attempt = attemptToReflect(rt, taskId);
  if (!attempt) return false;
  busy.add(taskId);
  const turn = reflect(rt, attempt)
    .catch((error: unknown) => {
      if (!rt.stopping.signal.aborted)
        record(
          rt,
          attempt,
          { outcome: 'failed', reason: `grove could not run it: ${(error as Error).message}` },
          [],
          0,
        );
    })
    .finally(() => {
      busy.delete(taskId);
      rt.verifications.delete(turn);
      rt.wake();
    });
  rt.verifications.add(turn);
  return true;
}

function tokensOf(events: readonly AgentEvent[]): number {
  return events.reduce((n, e) => (e.kind === 'usage' ? n + e.input + e.output + e.cacheWrite : n), 0);
}

function record(
  rt: RunRuntime,
  attempt: AttemptRow,
  outcome: Outcome,
  events: AgentEvent[],
  ms: number,
): void {
  rt.stores.attempts.recordReflection(
    attempt.id,
    { ...outcome, agent: attempt.agent, tokens: tokensOf(events), ms },
    events,
  );
}

function finalText(events: readonly AgentEvent[]): string | undefined {
  const finished = events.findLast((e) => e.kind === 'finished');
  if (finished?.kind === 'finished' && finished.result) return finished.result;
  const message = events.findLast((e) => e.kind === 'message');
  return message?.kind === 'message' ? message.text : undefined;
}

async function reflect(rt: RunRuntime, attempt: AttemptRow): Promise<void> {
  const { ctx } = rt;
  const task = rt.stores.tasks.require(attempt.task_id);
  const worktree = task.worktree!;
  const session = safeSessionId(attempt.session_id ?? task.session_id ?? undefined)!;
  const agent = resolveAgent(ctx.config, attempt.agent);
  const adapter = getAdapter(agent.definition.adapter);
  const homeDir = agentHomeDir(ctx.paths.stateDir, task.id, agent.name);
  await mkdir(homeDir, { recursive: true });
  const input: LaunchInput = {
    agent: agent.definition,
    agentName: agent.name,
    prompt: reflectionPrompt(task.id),
    worktree,
    repoRoot: ctx.paths.mainRoot,
    resumeSessionId: session,
    newSessionId: randomUUID(),
    groveEnv: {
      GROVE_TASK_ID: task.id,
      GROVE_WORKTREE: worktree,
      GROVE_REPO_ROOT: ctx.paths.mainRoot,
      ...(task.branch ? { GROVE_BRANCH: task.branch } : {}),
      ...(task.port !== null ? { GROVE_PORT: String(task.port) } : {}),
    },
    homeDir,
    planOnly: true,
    reflection: true,
  };
  const base = await planTurnBase(worktree);
  await adapter.prepareHome?.(input);
  const launch = adapter.buildLaunch(input);
  const started = ctx.now();
  const result = await run(launch.file, launch.args, {
    cwd: worktree,
    env: { ...process.env, ...launch.env },
    ...(launch.stdin === 'closed' ? {} : { input: launch.stdin.text }),
    timeoutMs: ctx.config.compound.reflect_timeout,
    signal: rt.stopping.signal,
  });
  if (rt.stopping.signal.aborted) return; // grove is stopping: the next run asks again
  const ms = ctx.now() - started;
  const parse = adapter.createParser({ homeDir });
  const events = result.stdout.split('\n').flatMap((line) => (line.trim() === '' ? [] : parse(line)));
  // Read-only means read-only: a file the turn changed is put back, and its answer is not kept.
  const after = await snapshotWorktree(worktree);
  if (after.tree !== base.tree || after.head !== base.head) {
    const files = after.tree === base.tree ? [] : await changedPaths(worktree, base.tree, after.tree);
    await restoreWorktree(worktree, base);
    const what = files.length > 0 ? files.join(', ') : 'its HEAD';
    return record(
      rt,
      attempt,
      { outcome: 'failed', reason: `the turn changed ${what}; put back` },
      events,
      ms,
    );
  }
  if (result.timedOut) {
    const reason = `timed out after ${Math.round(ctx.config.compound.reflect_timeout / 1000)} s (compound.reflect_timeout)`;
    return record(rt, attempt, { outcome: 'failed', reason }, events, ms);
  }
  const finished = events.findLast((e) => e.kind === 'finished');
  const lastError = events.findLast((e) => e.kind === 'error');
  const exit = adapter.classifyExit({
    code: result.code,
    signal: result.signal,
    sawFinished: finished !== undefined,
    finishedOk: finished?.kind === 'finished' ? finished.ok : undefined,
    lastError: lastError?.kind === 'error' ? lastError.message : undefined,
  });
  if (exit.kind !== 'completed') {
    const reason = exit.kind === 'failed' ? exit.reason : `killed by ${exit.signal}`;
    return record(rt, attempt, { outcome: 'failed', reason: `the turn failed: ${reason}` }, events, ms);
  }
  const words = finalText(events)?.trim();
  const parsed = parseReflection(words);
  const said = words ? { words: words.slice(0, 2000) } : {};
  record(
    rt,
    attempt,
    parsed.kind === 'rule'
      ? { outcome: 'rule', rule: parsed.rule, ...said }
      : { outcome: 'none', reason: parsed.reason, ...said },
    events,
    ms,
  );
}
