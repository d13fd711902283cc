// The project as `grove conflicts` needs it. Of the task files the prediction reads only which tasks
// are attempts of one best-of task (rivals, never a conflict to predict), so it does not parse and
// validate every file: the files are read side by side, and only when one can declare a best-of
// (mentions `attempts` or `agents`) are they all loaded as every other command loads them.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mapLimit } from '../../infra/fs/pool.js';
import { findRepo } from '../../infra/git/repo.js';
import { loadConfig, loadTasks, TASKS_DIR } from '../../infra/spec/load.js';
import type { TaskSpec } from '../../shared/task-spec.js';
import type { ProjectContext } from '../context.js';
import { openProject, openStateDb, storesFor } from '../context.js';

/** What predictConflicts reads of the project (a full ProjectContext is one). */
export type ConflictsContext = Pick<ProjectContext, 'paths' | 'config' | 'stores' | 'store' | 'close'> & {
  /** The tasks, at least every best-of attempt (`bestOf` set); other tasks may be left out. */
  tasks: ReadonlyArray<Pick<TaskSpec, 'id' | 'bestOf'>>;
};

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
  if (!existsSync(join(paths.stateDir, 'grove.db'))) return openProject(cwd);
  const [config, bestOf] = await Promise.all([loadConfig(paths.mainRoot), anyBestOf(paths.mainRoot)]);
  const tasks = bestOf ? (await loadTasks(paths.mainRoot)).filter((t) => t.bestOf !== undefined) : [];
  const db = openStateDb(paths);
  const stores = storesFor(db);
  return { paths, config, tasks, stores, store: stores.tasks, close: () => db.close() };
}
