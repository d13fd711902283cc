import { join } from 'node:path';
import type { Config } from '../shared/config.js';
import type { TaskSpec } from '../shared/task-spec.js';
import type { Db } from '../infra/db/open.js';
import { openDatabase } from '../infra/db/open.js';
import { TaskStore } from '../infra/db/task-store.js';
import type { RepoPaths } from '../infra/git/repo.js';
import { findRepo } from '../infra/git/repo.js';
import { loadConfig, loadTasks } from '../infra/spec/load.js';

/** Everything a use case needs about the project grove runs in. Built once per command. */
export interface ProjectContext {
  paths: RepoPaths;
  config: Config;
  tasks: TaskSpec[];
  db: Db;
  store: TaskStore;
  now: () => number;
  close(): void;
}

/** The state database of a repository (shared by every worktree), migrated and ready. */
export function openStateDb(paths: RepoPaths): Db {
  return openDatabase(join(paths.stateDir, 'grove.db'));
}

export async function openProject(
  cwd: string,
  options: { now?: () => number } = {},
): Promise<ProjectContext> {
  const paths = await findRepo(cwd);
  const config = await loadConfig(paths.mainRoot);
  const tasks = await loadTasks(paths.mainRoot);
  const now = options.now ?? Date.now;
  const db = openStateDb(paths);
  return { paths, config, tasks, db, store: new TaskStore(db, now), now, close: () => db.close() };
}
