import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * A worktree's own git folder and the repository's shared one, read from its `.git` file
 * (`gitdir: <path>`) and that folder's `commondir`. A `.git` folder: both are it.
 */
export function gitDirsOf(worktree: string): { gitDir: string; commonDir: string } {
  const dotGit = join(worktree, '.git');
  if (statSync(dotGit).isDirectory()) return { gitDir: dotGit, commonDir: dotGit };
  const line = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
  if (!line?.[1]) throw new Error(`${dotGit} does not name a git folder`);
  const gitDir = resolve(worktree, line[1].trim());
  let commonDir = gitDir;
  try {
    commonDir = resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim());
  } catch {
    // no commondir file: the git folder is the shared one
  }
  return { gitDir, commonDir };
}
