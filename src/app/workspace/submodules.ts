// A task's worktree gets the repository's submodules, initialised as the main checkout would have them
// (`git submodule update --init --recursive`); when that fails the agent still starts, and the lead
// hears what failed and the command to run.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { git } from '../../infra/git/exec.js';

/** Initialises the submodules of `worktree` when it has a `.gitmodules`; a warning when that fails. */
export async function initSubmodules(worktree: string): Promise<string | undefined> {
  if (!existsSync(join(worktree, '.gitmodules'))) return undefined;
  const why = await git(worktree, ['submodule', 'update', '--init', '--recursive'], {
    okCodes: [0, 1, 128],
  }).then(
    (r) => (r.code === 0 ? undefined : r.stderr.trim() || `exit ${r.code}`),
    (e: unknown) => (e as Error).message,
  );
  if (why === undefined) return undefined;
  const lines = why.split('\n').map((l) => l.trim());
  const fatal = [...new Set(lines.filter((l) => l.startsWith('fatal:')))];
  const said = (fatal.length > 0 ? fatal.join('; ') : (lines.at(-1) ?? '')).slice(-400);
  return `the submodules of ${worktree} could not be initialised (${said}); the agent works without them. Run \`git -C ${worktree} submodule update --init --recursive\` to fetch them`;
}

/**
 * Submodules of `worktree` with changed, new or unpushed-commit content (`git status` porcelain v2
 * `S<c><m><u>`). A backup of the worktree cannot hold what is inside them.
 */
export async function changedSubmodules(worktree: string): Promise<string[]> {
  if (!existsSync(join(worktree, '.gitmodules'))) return [];
  const out = await git(worktree, ['status', '--porcelain=v2', '-z', '--ignore-submodules=none']);
  const paths: string[] = [];
  for (const record of out.stdout.split('\0')) {
    const f = record.split(' ');
    if ((f[0] === '1' || f[0] === '2') && f[2]?.startsWith('S') && f[2] !== 'S...')
      paths.push(f.slice(8).join(' '));
  }
  return paths;
}
