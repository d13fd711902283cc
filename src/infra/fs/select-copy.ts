import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listIgnored } from '../git/ignored.js';
import { compileGitignore } from './gitignore-match.js';

export const WORKTREE_INCLUDE = '.worktreeinclude';

/**
 * The ignored paths of `root` to copy into a new worktree: those selected by `.worktreeinclude` (the
 * convention shared by worktree tools) and by config `copy:` patterns, both gitignore-style. Only ignored
 * files qualify (tracked files come with the checkout). Folders come back whole (`node_modules/` as one
 * entry) unless a pattern reaches inside them. `exclude` (relative folders, e.g. worktrees kept inside
 * the repository) are never selected.
 */
export async function selectCopyPaths(
  root: string,
  copyPatterns: readonly string[],
  exclude: readonly string[] = [],
): Promise<string[]> {
  const include = await readFile(join(root, WORKTREE_INCLUDE), 'utf8').catch(() => '');
  const patterns = [...include.split('\n'), ...copyPatterns];
  const matcher = compileGitignore(patterns);
  if (!patterns.some((p) => p.trim() !== '' && !p.trim().startsWith('#'))) return [];
  const excluded = (p: string): boolean =>
    exclude.some((e) => p === e || p.startsWith(`${e}/`) || e.startsWith(`${p}/`));

  const selected: string[] = [];
  const visit = async (entries: string[]): Promise<void> => {
    const deeper: string[] = [];
    for (const entry of entries) {
      const isDir = entry.endsWith('/');
      const path = isDir ? entry.slice(0, -1) : entry;
      if (excluded(path)) continue;
      if (matcher.matches(path, isDir)) selected.push(path);
      else if (isDir && matcher.reachesInto(path)) deeper.push(path);
    }
    for (const dir of deeper) {
      const inside = await listIgnored(root, { directory: true, under: `${dir}/` });
      // git lists the folder itself again when everything in it is ignored: expand by one level then.
      if (inside.length === 1 && inside[0] === `${dir}/`) {
        const files = await listIgnored(root, { directory: false, under: `${dir}/` });
        await visit(files);
      } else {
        await visit(inside.filter((p) => p !== `${dir}/`));
      }
    }
  };
  await visit(await listIgnored(root, { directory: true }));
  return selected;
}
