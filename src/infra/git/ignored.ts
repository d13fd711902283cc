import { git } from './exec.js';

/**
 * Ignored, untracked paths of the worktree at `repo` (`git ls-files --others --ignored
 * --exclude-standard -z`). With `directory`, a folder that is wholly ignored is one entry ending in `/`
 * instead of every file in it. `under` limits the listing to one folder.
 */
export async function listIgnored(
  repo: string,
  options: { directory?: boolean; under?: string } = {},
): Promise<string[]> {
  const args = ['ls-files', '--others', '--ignored', '--exclude-standard', '-z'];
  if (options.directory) args.push('--directory');
  args.push('--');
  if (options.under !== undefined) args.push(options.under);
  const result = await git(repo, args);
  return result.stdout.split('\0').filter((p) => p !== '');
}
