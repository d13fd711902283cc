import { git, gitText } from './exec.js';

/** The merge base of two commits (what a branch's diff is taken against). */
export async function mergeBase(repo: string, a: string, b: string): Promise<string> {
  return gitText(repo, ['merge-base', a, b]);
}

/**
 * The unified diff from `from` to `to`, as git prints it without colour, external diff tools or the
 * user's diff config (renames found, paths not octal-escaped); `paths` limits it to those files (taken
 * literally, never as globs).
 */
export async function unifiedDiff(
  repo: string,
  from: string,
  to: string,
  paths: readonly string[] = [],
): Promise<string> {
  const r = await git(repo, [
    '-c',
    'core.quotePath=false',
    'diff',
    '--no-color',
    '--no-ext-diff',
    '--find-renames',
    from,
    to,
    '--',
    ...paths.map((f) => `:(literal)${f}`),
  ]);
  return r.stdout;
}
