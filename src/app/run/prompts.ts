// The prompts the loop gives agents, from the task spec and what happened so far (core/prompt.ts).
import type { FailureNote, PromptGate, PromptTask } from '../../core/prompt.js';
import { buildReassignPrompt, buildTaskPrompt, RESULT_CONTRACT } from '../../core/prompt.js';
import { consecutiveRepeats } from '../../core/stuck.js';
import type { GateDefinition } from '../../shared/config.js';
import { GroveError } from '../../shared/errors.js';
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

/** The queue found the branch conflicts with the moved base: the same session merges it in. */
export function conflictPrompt(files: readonly string[], base: string): string {
  return [
    `Your branch no longer merges cleanly onto \`${base}\`, which moved while you worked.`,
    `Conflicting files:`,
    ...files.map((f) => `- \`${f}\``),
    `Merge \`${base}\` into your branch (\`git merge ${base}\`), resolve the conflicts keeping both`,
    'sides’ intent, run the checks again, and commit.',
    '',
    RESULT_CONTRACT,
    '',
  ].join('\n');
}
