// Runs the gates of verifying tasks (one verifyTask at a time per task) and keeps each outcome for
// the scheduler; an agent asking for more files waits for `grove approve-scope`.
import { gitKilledBySignal } from '../../infra/git/exec.js';
import type { RunRuntime } from './runtime.js';

/** Starts verification for every verifying task whose latest attempt has no outcome yet. */
export function startPendingVerifications(rt: RunRuntime, taskIds: readonly string[]): void {
  for (const id of taskIds) {
    const task = rt.stores.tasks.get(id);
    // An outcome belongs to one stay in verifying: a task a person sends back there is verified again.
    if (task?.state !== 'verifying') rt.gateOutcomes.delete(id);
    if (task?.state !== 'verifying' || rt.verifying.has(id)) continue;
    const latest = rt.stores.attempts.latestForTask(id);
    const attemptId = latest?.id ?? null;
    if (rt.gateOutcomes.get(id)?.attemptId === attemptId) continue;
    if (restoreAgentFailure(rt, id, attemptId)) continue;
    rt.verifying.add(id);
    const running = verifyOne(rt, id, attemptId).finally(() => rt.verifications.delete(running));
    rt.verifications.add(running);
  }
}

/** After a restart: an attempt whose agent failed has its `agent` gate run already; reuse it. */
function restoreAgentFailure(rt: RunRuntime, taskId: string, attemptId: number | null): boolean {
  if (attemptId === null) return false;
  const run = rt.stores.gates.listForAttempt(attemptId).find((g) => g.gate === 'agent' && !g.ok);
  if (!run) return false;
  rt.gateOutcomes.set(taskId, {
    attemptId,
    outcome: {
      kind: 'failed',
      gate: 'agent',
      command: run.command,
      outputTail: run.output_tail,
      fingerprint: run.fingerprint ?? 'agent',
      runs: [run],
    },
  });
  return true;
}

async function verifyOne(rt: RunRuntime, taskId: string, attemptId: number | null): Promise<void> {
  try {
    const signal = rt.stopping.signal;
    const outcome = await rt.ports.verifyTask(
      rt.ctx,
      taskId,
      attemptId === null ? { signal } : { attemptId, signal },
    );
    if (outcome.kind === 'scope-expansion') {
      const moved =
        rt.stores.tasks.transition(
          taskId,
          'blocked',
          `the agent asks for more files: ${outcome.paths.join(', ')}`,
          {
            expectFrom: ['verifying'],
            data: { kind: 'scope-expansion', paths: outcome.paths, reason: outcome.reason },
          },
        ) === 'moved';
      if (moved) {
        rt.notifier.notify({
          kind: 'blocked',
          taskId,
          message: `${taskId} needs files outside its scope (${outcome.paths.join(', ')}): ${outcome.reason}; approve with \`grove approve-scope ${taskId}\``,
        });
      }
    } else {
      rt.gateOutcomes.set(taskId, { attemptId, outcome });
    }
  } catch (error) {
    // grove is stopping: the task stays verifying for the next run.
    if (await stoppingAfter(rt, error)) return;
    rt.stores.tasks.transition(taskId, 'blocked', `the gates could not run: ${(error as Error).message}`, {
      expectFrom: ['verifying'],
    });
    rt.notifier.notify({
      kind: 'blocked',
      taskId,
      message: `${taskId}: the gates could not run: ${(error as Error).message}`,
    });
  } finally {
    rt.verifying.delete(taskId);
    rt.wake();
  }
}

/**
 * Whether grove is stopping. A git child killed by a signal usually means grove got it too (closing the
 * terminal sends SIGHUP to the whole process group) and its own handler has not run yet: wait for it a
 * moment before calling the gates broken, or a task would be blocked by the act of stopping grove.
 */
async function stoppingAfter(rt: RunRuntime, error: unknown): Promise<boolean> {
  const stopping = rt.stopping.signal;
  if (stopping.aborted) return true;
  if (gitKilledBySignal(error) === undefined) return false;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, SIGNAL_GRACE_MS);
    stopping.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
  return stopping.aborted;
}

const SIGNAL_GRACE_MS = 2000;
