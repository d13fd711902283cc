import { join } from 'node:path';
import type { Db } from '../infra/db/open.js';
import { openDatabase } from '../infra/db/open.js';
import type { RepoPaths } from '../infra/git/repo.js';

/** The state database of a repository (shared by every worktree), migrated and ready. */
export function openStateDb(paths: RepoPaths): Db {
  return openDatabase(join(paths.stateDir, 'grove.db'));
}
