import type { Config } from '../../shared/config.js';
import type { RepoPaths } from '../../infra/git/repo.js';
import { AgentEventStore } from '../../infra/db/agent-event-store.js';
import { AttemptStore } from '../../infra/db/attempt-store.js';
import type { TaskStore } from '../../infra/db/task-store.js';
import type { ProjectContext } from '../context.js';

/** What the attempt use cases need: the project's paths and config, two stores and a clock. */
export interface AttemptDeps {
  paths: RepoPaths;
  config: Config;
  tasks: TaskStore;
  attempts: AttemptStore;
  agentEvents: AgentEventStore;
  now: () => number;
}

export function attemptDeps(
  ctx: Pick<ProjectContext, 'paths' | 'config' | 'db' | 'store' | 'now'>,
): AttemptDeps {
  return {
    paths: ctx.paths,
    config: ctx.config,
    tasks: ctx.store,
    attempts: new AttemptStore(ctx.db, ctx.now),
    agentEvents: new AgentEventStore(ctx.db),
    now: ctx.now,
  };
}
