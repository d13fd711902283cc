import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../shared/config.js';
import type { TaskSpec } from '../shared/task-spec.js';
import type { Db } from '../infra/db/open.js';
import type { Stores } from '../infra/db/stores.js';
import { openStores } from '../infra/db/stores.js';
import type { TaskStore } from '../infra/db/task-store.js';
import type { RepoPaths } from '../infra/git/repo.js';
import { findRepo } from '../infra/git/repo.js';
import { loadConfig, loadTasks } from '../infra/spec/load.js';
import { rebuildLostState } from './recover/rebuild-state.js';
import { openStateDb } from './state-db.js';

/**
 * Everything a use case needs about the project grove runs in: the composition root, built once per
 * command. Every store comes from `stores` (one clock); nothing else constructs a store.
 */
export interface ProjectContext {
  paths: RepoPaths;
  config: Config;
  tasks: TaskSpec[];
  db: Db;
  /** Every store over the state database, sharing `now`. */
  stores: Stores;
  /** The task store (same object as `stores.tasks`). */
  store: TaskStore;
  /** What grove rebuilt from git because grove.db was missing (src/app/recover/), if it did. */
  rebuilt?: string;
  now: () => number;
  close(): void;
}

export { openStateDb } from './state-db.js';

/**
 * The stores over a database, for a process that has only a `Db` (the dashboard process, the daemon,
 * a command that opens the database itself). The one place outside infra/db that builds stores.
 */
export function storesFor(db: Db, now: () => number = Date.now): Stores {
  return openStores(db, now);
}

export async function openProject(
  cwd: string,
  options: { now?: () => number } = {},
): Promise<ProjectContext> {
  const paths = await findRepo(cwd);
  const config = await loadConfig(paths.mainRoot);
  // The tasks are checked against that config: the file is read and validated once.
  const tasks = await loadTasks(paths.mainRoot, { config });
  const now = options.now ?? Date.now;
  const lost = !existsSync(join(paths.stateDir, 'grove.db'));
  const db = openStateDb(paths);
  const stores = storesFor(db, now);
  const ctx: ProjectContext = {
    paths,
    config,
    tasks,
    db,
    stores,
    store: stores.tasks,
    now,
    close: () => db.close(),
  };
  if (lost) {
    // grove.db lost: rebuilt from git before anything reads it, and said on every door's stderr.
    const rebuilt = await rebuildLostState(ctx).catch((e: unknown) => {
      db.close();
      throw e;
    });
    if (rebuilt !== undefined) {
      ctx.rebuilt = rebuilt;
      process.stderr.write(`grove: ${rebuilt}\n`);
    }
  }
  return ctx;
}
