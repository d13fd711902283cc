// Where the project is, for the commands that work before (or without) a loaded project: the
// repository's main root and its shared state folder (`grove init`, `grove plan`, `grove task new`).
import { findRepo } from '../infra/git/repo.js';
import type { RepoPaths } from '../infra/git/repo.js';

export function findProjectPaths(cwd: string): Promise<RepoPaths> {
  return findRepo(cwd);
}
