import { dirname, isAbsolute, resolve } from 'node:path';
import { GroveError } from '../../shared/errors.js';
import { run } from '../process/run.js';
import { GIT_ENV } from './exec.js';

export interface RepoPaths {
  /** Top of the working tree grove was started in (the main checkout or a worktree). */
  root: string;
  /** The main checkout's top: where `.grove/` lives. */
  mainRoot: string;
  /** `git rev-parse --git-common-dir`, absolute: shared by every worktree. */
  commonDir: string;
  /** `<commonDir>/grove`: the state folder (database, logs, locks). */
  stateDir: string;
}

/**
 * Finds the repository around `cwd` with ONE `git rev-parse` (it prints each answer in order and stops
 * at the first it cannot give: `--show-toplevel` fails last, in a bare repository or inside `.git`); a
 * clear error when there is none, or no working tree to run in.
 */
export async function findRepo(cwd: string): Promise<RepoPaths> {
  const where = await run(
    'git',
    ['rev-parse', '--is-bare-repository', '--is-inside-git-dir', '--git-common-dir', '--show-toplevel'],
    { cwd, env: GIT_ENV, timeoutMs: 30_000 },
  );
  const lines = where.stdout.split('\n');
  if (lines.length < 4) {
    throw new GroveError('NOT_A_REPO', `${cwd} is not inside a git repository`, {
      hint: 'run grove inside a git repository (or `git init` one first)',
    });
  }
  const [bare = '', insideGitDir = '', common = '', top = ''] = lines;
  const commonDir = isAbsolute(common) ? common : resolve(cwd, common);
  if (bare === 'true') {
    throw new GroveError(
      'NOT_A_REPO',
      `${commonDir} is a bare repository: it has no checkout for grove to work in`,
      {
        hint: `run grove in a checkout of it (\`git -C ${commonDir} worktree add ../work main\`, or \`git clone ${commonDir}\`)`,
      },
    );
  }
  if (insideGitDir === 'true') {
    throw new GroveError(
      'NOT_A_REPO',
      `${cwd} is inside git's own folder (${commonDir}), not in a checkout`,
      {
        hint: `run grove from the checkout (\`cd ${dirname(commonDir)}\`)`,
      },
    );
  }
  if (where.code !== 0 || top === '') {
    throw new GroveError('NOT_A_REPO', `${cwd} has no working tree: ${where.stderr.trim()}`, {
      hint: 'run grove in a checkout of the repository',
    });
  }
  const root = top;
  // The main checkout is the parent of the common dir for a normal (non-bare) repository.
  const mainRoot = commonDir.endsWith('/.git') ? commonDir.slice(0, -'/.git'.length) : root;
  return { root, mainRoot, commonDir, stateDir: resolve(commonDir, 'grove') };
}
