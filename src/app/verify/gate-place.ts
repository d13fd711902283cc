// Where a task's command gates run: this machine, or — when the task runs on an SSH host (its `host`) —
// that host, in its copy of the task's worktree. The copy is brought to the local worktree's commit
// once per verification, before the first command gate (after the built-in gates, which may commit
// the agent's leftovers here); each gate then checks on the host that the copy is still at the commit
// being verified (host-gate.ts).
import type { ProjectContext } from '../context.js';
import { HostExecutors } from '../executor/hosts.js';
import type { Executor } from '../executor/types.js';
import { GroveError } from '../../shared/errors.js';

export interface HostPlace {
  /** The host's name in config `hosts`. */
  name: string;
  executor: Executor;
  /** The host's copy of the task's worktree. */
  cwd: string;
  /** Brings the copy to the local worktree's commit (once); the reason when it cannot. */
  ready(): Promise<string | undefined>;
  /** The gate environment for the host: this machine's worktree path mapped to the host's. */
  env(local: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
}

/**
 * One set of host executors per project context: verifications of one grove process share each host's
 * executor (its connection is grove's shared SSH connection to the host anyway). Never closed here:
 * closing would end the connection the run loop's executors share.
 */
const executorsOf = new WeakMap<object, HostExecutors>();

function hostExecutor(ctx: ProjectContext, host: string): Executor {
  let hosts = executorsOf.get(ctx);
  if (!hosts) {
    hosts = new HostExecutors(ctx.config, ctx.paths);
    executorsOf.set(ctx, hosts);
  }
  return hosts.forHost(host);
}

/** The host a task's command gates run on, or undefined for this machine. */
export function hostPlace(
  ctx: ProjectContext,
  taskId: string,
  worktree: string,
  executorFor?: (host: string) => Executor,
): HostPlace | undefined {
  // Where its latest attempt ran (the work is there; a fallback may have taken it), else the task's host.
  const latest = ctx.stores.attempts.latestForTask(taskId);
  const host = latest ? latest.host : ctx.store.require(taskId).host;
  if (host === null) return undefined;
  const executor = executorFor ? executorFor(host) : hostExecutor(ctx, host);
  const cwd = executor.worktreePath?.(worktree) ?? worktree;
  let readying: Promise<string | undefined> | undefined;
  return {
    name: host,
    executor,
    cwd,
    ready: () => (readying ??= bringCopy(ctx, taskId, host, executor, worktree)),
    env: (local) => {
      const env: NodeJS.ProcessEnv = { ...local, GROVE_WORKTREE: cwd };
      // This machine's main checkout has no counterpart on the host (it has a bare clone).
      delete env['GROVE_REPO_ROOT'];
      return env;
    },
  };
}

async function bringCopy(
  ctx: ProjectContext,
  taskId: string,
  host: string,
  executor: Executor,
  worktree: string,
): Promise<string | undefined> {
  // The copy is the agent's own worktree while an attempt runs there: never reset it under the agent.
  const latest = ctx.stores.attempts.latestForTask(taskId);
  if (latest && latest.ended_at === null) {
    return `[grove] not run: attempt #${latest.id} of ${taskId} is still running on host ${host}, in the worktree the gates would use. Verify after it ends.`;
  }
  try {
    await executor.prepareWorktree?.(worktree);
    return undefined;
  } catch (e) {
    const hint = e instanceof GroveError && e.hint ? `\n${e.hint}` : '';
    return (
      `[grove] the gates could not run on host ${host}: bringing its copy of the worktree to this commit failed: ${(e as Error).message}${hint}\n` +
      `The task's attempt ran on ${host}, so its gates run there too: make the host reachable, then \`grove verify ${taskId}\`.`
    );
  }
}
