import { isAbsolute, resolve } from 'node:path';
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

/** Finds the repository around `cwd`; a clear error when there is none. */
export async function findRepo(cwd: string): Promise<RepoPaths> {
  const result = await run('git', ['rev-parse', '--show-toplevel', '--git-common-dir'], {
    cwd,
    env: GIT_ENV,
  });
  if (result.code !== 0) {
    throw new GroveError('NOT_A_REPO', `${cwd} is not inside a git repository`, {
      hint: 'run grove inside a git repository (or `git init` one first)',
    });
  }
  const [top = '', common = ''] = result.stdout.trim().split('\n');
  const commonDir = isAbsolute(common) ? common : resolve(cwd, common);
  // The main checkout is the parent of the common dir for a normal (non-bare) repository.
  const mainRoot = commonDir.endsWith('/.git') ? commonDir.slice(0, -'/.git'.length) : top;
  return { root: top, mainRoot, commonDir, stateDir: resolve(commonDir, 'grove') };
}
