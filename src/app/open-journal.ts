// `grove events` reads the journal of a project whose config may not load (it is the audit log you
// look at when something is wrong): the state database only, refused before `grove init`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Journal } from '../infra/db/journal.js';
import { openDatabase } from '../infra/db/open.js';
import { openStores } from '../infra/db/stores.js';
import type { TaskStore } from '../infra/db/task-store.js';
import { findRepo } from '../infra/git/repo.js';
import { GROVE_DIR } from '../infra/spec/load.js';
import { GroveError } from '../shared/errors.js';

export interface OpenJournal {
  journal: Journal;
  tasks: TaskStore;
  close(): void;
}

export async function openJournal(cwd: string): Promise<OpenJournal> {
  const paths = await findRepo(cwd);
  const dbPath = join(paths.stateDir, 'grove.db');
  if (!existsSync(dbPath) && !existsSync(join(paths.mainRoot, GROVE_DIR)))
    throw new GroveError('NOT_INITIALISED', `grove has not been set up in ${paths.mainRoot}`, {
      hint: 'run `grove init` first',
    });
  const db = openDatabase(dbPath);
  const { journal, tasks } = openStores(db);
  return { journal, tasks, close: () => db.close() };
}
