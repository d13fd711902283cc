import type { Config } from '../../shared/config.js';
import type { SandboxConfig } from '../../shared/config-sandbox.js';
import type { RepoPaths } from '../../infra/git/repo.js';
import type { AgentEventStore } from '../../infra/db/agent-event-store.js';
import type { AttemptStore } from '../../infra/db/attempt-store.js';
import type { TaskStore } from '../../infra/db/task-store.js';
import { localExecutor } from '../../infra/executor/local.js';
import type { ProjectContext } from '../context.js';
import { HostExecutors } from '../executor/hosts.js';
import type { Executor } from '../executor/types.js';

/**
 * What the attempt use cases need: the project's paths and config, the stores, a clock, and the
 * executor the attempts run on (every process and output file of an attempt is reached through it).
 */
export interface AttemptDeps {
  paths: RepoPaths;
  config: Config;
  tasks: TaskStore;
  attempts: AttemptStore;
  agentEvents: AgentEventStore;
  now: () => number;
  /** This machine's executor (and the one for everything when the caller gave one). */
  executor: Executor;
  /** The executor of a config host (null: this machine); the caller's own executor when it gave one. */
  executorFor(host: string | null): Executor;
  /**
   * The host to try when a task's own host cannot be reached as an attempt starts (config
   * `hosts.<name>.fallback`), with its executor; undefined when there is none.
   */
  fallbackFor?(taskId: string): { host: string; executor: Executor } | undefined;
  /** The `sandbox` of a task's file, when it has one (it comes before its agent's). */
  taskSandbox?(taskId: string): SandboxConfig | undefined;
}

export function attemptDeps(
  ctx: Pick<ProjectContext, 'paths' | 'config' | 'store' | 'stores' | 'now'> &
    Partial<Pick<ProjectContext, 'tasks'>>,
  executor: Executor = localExecutor,
): AttemptDeps {
  const hosts = new HostExecutors(ctx.config, ctx.paths);
  const deps: AttemptDeps = {
    paths: ctx.paths,
    config: ctx.config,
    tasks: ctx.store,
    attempts: ctx.stores.attempts,
    agentEvents: ctx.stores.agentEvents,
    now: ctx.now,
    executor,
    // A caller that set its own executor gets it for everything; else the host decides.
    executorFor: (host) => (deps.executor === localExecutor ? hosts.forHost(host) : deps.executor),
    fallbackFor: (taskId) => {
      const host = ctx.store.get(taskId)?.host ?? null;
      const fallback = host !== null ? ctx.config.hosts[host]?.fallback : undefined;
      if (deps.executor !== localExecutor || fallback === undefined) return undefined;
      return { host: fallback, executor: hosts.forHost(fallback) };
    },
    taskSandbox: (taskId) => ctx.tasks?.find((t) => t.id === taskId)?.sandbox,
  };
  return deps;
}
