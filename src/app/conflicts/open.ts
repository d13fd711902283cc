// The project as `grove conflicts` needs it, loading as little as it can: the config through its cache
// (src/infra/spec/load-config-cached.ts), only the stores the prediction writes through (none of them
// loads zod), and of the task files only which tasks are attempts of one best-of task (rivals, never a
// conflict to predict). The task files are read side by side, not parsed, and only when one can declare
// a best-of (mentions `attempts` or `agents`) are they all loaded as every other command loads them.
// What only a rare case needs (a lost grove.db, a best-of, a config to validate) is imported then.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConflictStores } from '../../infra/db/conflict-stores.js';
import { openConflictStores } from '../../infra/db/conflict-stores.js';
import { mapLimit } from '../../infra/fs/pool.js';
import type { RepoPaths } from '../../infra/git/repo.js';
import { findRepo } from '../../infra/git/repo.js';
import { loadConfigCached } from '../../infra/spec/load-config-cached.js';
import { TASKS_DIR } from '../../infra/spec/load-paths.js';
import type { Config } from '../../shared/config.js';
import type { TaskSpec } from '../../shared/task-spec.js';
import { openStateDb } from '../state-db.js';

/** What predictConflicts reads of the project (a full ProjectContext is one). */
export interface ConflictsContext {
  paths: RepoPaths;
  config: Config;
  stores: Pick<ConflictStores, 'conflicts' | 'notifications'>;
  /** The task rows. */
  store: ConflictStores['tasks'];
  /** The tasks, at least every best-of attempt (`bestOf` set); other tasks may be left out. */
  tasks: ReadonlyArray<Pick<TaskSpec, 'id' | 'bestOf'>>;
  close(): void;
}

/** Words a task file must hold to be a best-of task (`attempts: N` or `agents: [...]`). */
const MAY_BE_BEST_OF = /\b(attempts|agents)\b/;

/** Whether some task file may declare a best-of: read side by side, 16 at a time, never parsed. */
async function anyBestOf(mainRoot: string): Promise<boolean> {
  const dir = join(mainRoot, TASKS_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const texts = await mapLimit(
    names.filter((n) => n.endsWith('.md') && !n.startsWith('.')),
    16,
    (n) => readFile(join(dir, n), 'utf8').catch(() => ''),
  );
  return texts.some((t) => MAY_BE_BEST_OF.test(t));
}

/**
 * The paths, the config (validated), the state database and the best-of attempts. A missing grove.db
 * is rebuilt by openProject (which needs every task).
 */
export async function openForConflicts(cwd: string): Promise<ConflictsContext> {
  const paths = await findRepo(cwd);
  if (!existsSync(join(paths.stateDir, 'grove.db'))) return (await import('../context.js')).openProject(cwd);
  const [config, bestOf] = await Promise.all([
    loadConfigCached(paths.mainRoot, paths.stateDir),
    anyBestOf(paths.mainRoot),
  ]);
  const tasks = bestOf
    ? (await (await import('../../infra/spec/load.js')).loadTasks(paths.mainRoot)).filter(
        (t) => t.bestOf !== undefined,
      )
    : [];
  const db = openStateDb(paths);
  const stores = openConflictStores(db);
  return { paths, config, tasks, stores, store: stores.tasks, close: () => db.close() };
}
