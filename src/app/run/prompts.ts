// The prompts the loop gives agents, from the task spec and what happened so far (core/prompt.ts).
import type { FailureNote, PromptGate, PromptTask } from '../../core/prompt.js';
import { buildReassignPrompt, buildTaskPrompt, RESULT_CONTRACT, withTaskPrompt } from '../../core/prompt.js';
import { consecutiveRepeats } from '../../core/stuck.js';
import type { GateDefinition } from '../../shared/config.js';
import { GroveError } from '../../shared/errors.js';
import { buildConflictPrompt, catchUpNote } from '../../core/queue-prompt.js';
import { taskRef } from './task-ref.js';
import type { StateMove } from './open-conflict.js';
import { lastSendBack, strings } from './open-conflict.js';
import type { RunRuntime } from './runtime.js';

export function promptGates(rt: RunRuntime): PromptGate[] {
  return Object.entries(rt.ctx.config.gates).map(([name, g]: [string, GateDefinition]) => ({
    name,
    command: typeof g === 'string' || Array.isArray(g) ? g : g.run,
  }));
}

export function promptTask(rt: RunRuntime, taskId: string): PromptTask {
  const spec = rt.ctx.tasks.find((t) => t.id === taskId);
  if (!spec) {
    throw new GroveError('TASK_NOT_FOUND', `task ${taskId} has no file in .grove/tasks`, {
      hint: 'restore the task file, or `grove abandon` the task',
    });
  }
  return spec;
}

export function initialPrompt(rt: RunRuntime, taskId: string): string {
  return buildTaskPrompt({ task: promptTask(rt, taskId), gates: promptGates(rt) });
}

/** A follow-up for an agent with no session to resume: the task, then the follow-up. */
export function freshSessionPrompt(rt: RunRuntime, taskId: string, followUp: string): string {
  return withTaskPrompt(initialPrompt(rt, taskId), followUp);
}

/** A fresh session after the task got stuck (or a person reassigned it): what failed before. */
export function reassignPrompt(rt: RunRuntime, taskId: string, previousAgent: string | undefined): string {
  const runs = rt.stores.gates.listForTask(taskId).filter((g) => !g.ok);
  const fingerprints = runs.map((g) => g.fingerprint ?? g.gate);
  const last = runs[runs.length - 1];
  const failures: FailureNote[] = last
    ? [
        {
          what: last.gate === 'agent' ? 'the agent itself' : `gate ${last.gate} (\`${last.command}\`)`,
          detail: last.output_tail,
          times: consecutiveRepeats(fingerprints),
        },
      ]
    : [];
  const tried = rt.stores.journal
    .forTask(taskId, ['state'])
    .map((r) => r.data.cause)
    .filter((cause) => cause.startsWith('agent finished:'))
    .map((cause) => cause.slice('agent finished: '.length))
    .slice(-5);
  return buildReassignPrompt({
    task: promptTask(rt, taskId),
    gates: promptGates(rt),
    failures,
    ...(previousAgent ? { previousAgent } : {}),
    tried,
  });
}

/** Continues a paused session. */
export function resumePrompt(reason: string): string {
  return [
    `You were paused (${reason}) and may continue now.`,
    'Carry on from where you stopped: finish the task, run the checks, and commit.',
    '',
    RESULT_CONTRACT,
    '',
  ].join('\n');
}

/** The fix prompt's note when the gates failed right after grove merged the base in (catch-up.ts). */
export function noteAfterCatchUp(
  rt: RunRuntime,
  taskId: string,
  history: readonly StateMove[],
): { note?: string } {
  const h = lastSendBack(history);
  if (h?.kind !== 'catch-up') return {};
  const base = typeof h['base'] === 'string' ? h['base'] : 'the base';
  const failure =
    h.source === 'queue'
      ? {
          kind: 'test-failed' as const,
          command: typeof h['command'] === 'string' ? h['command'] : 'the queue test',
          output: typeof h['outputTail'] === 'string' ? h['outputTail'] : '',
        }
      : { kind: 'conflict' as const };
  return {
    note: catchUpNote({
      base,
      self: taskRef(rt.ctx, taskId),
      landed: strings(h['landed']).map((id) => taskRef(rt.ctx, id)),
      commit: typeof h['commit'] === 'string' ? h['commit'] : '',
      failure,
    }),
  };
}

/** A conflict sent back without the catch-up's prompt: the agent merges the base itself. */
export function conflictPrompt(
  rt: RunRuntime,
  taskId: string,
  files: readonly string[],
  base: string,
): string {
  return buildConflictPrompt({
    base,
    self: taskRef(rt.ctx, taskId),
    landed: [],
    files,
    state: { kind: 'untouched', why: 'it did not try to bring the base in' },
  });
}
