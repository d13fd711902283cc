// `git status` of many worktrees in a few git processes: `git for-each-repo` runs the same status in
// each folder named by a (command-line) config key, so grove pays one process start per batch instead
// of one per worktree. Each status output begins with its `# branch.oid` header, which splits them.
import { git } from './exec.js';

const STATUS_ARGS = ['status', '--porcelain=v2', '-z', '--branch', '--untracked-files=all'] as const;
const KEY = 'grove.statusbatch.repo';

/** `git status --porcelain=v2 -z --branch --untracked-files=all` of one worktree: its raw output. */
export async function rawStatus(worktree: string): Promise<string> {
  return (await git(worktree, [...STATUS_ARGS])).stdout;
}

/** Splits concatenated `-z --branch` outputs at each `# branch.oid` header that starts a field. */
export function splitStatusOutputs(stdout: string): string[] {
  const marker = '# branch.oid ';
  const starts: number[] = [];
  if (stdout.startsWith(marker)) starts.push(0);
  for (let i = stdout.indexOf(`\0${marker}`); i !== -1; i = stdout.indexOf(`\0${marker}`, i + 1)) {
    starts.push(i + 1);
  }
  return starts.map((s, k) => stdout.slice(s, starts[k + 1] ?? stdout.length));
}

/**
 * The raw status of each worktree, in order, from one `git for-each-repo` call; undefined when the
 * batch cannot be read with certainty (one folder failed, or the outputs do not split one per folder):
 * the caller then asks each worktree on its own.
 */
export async function rawStatusBatch(
  cwd: string,
  worktrees: readonly string[],
): Promise<string[] | undefined> {
  if (worktrees.length === 0) return [];
  const config = worktrees.flatMap((w) => ['-c', `${KEY}=${w}`]);
  const result = await git(cwd, [...config, 'for-each-repo', `--config=${KEY}`, ...STATUS_ARGS], {
    okCodes: [0, 1, 128],
  }).catch(() => undefined);
  if (!result || result.code !== 0) return undefined;
  const outputs = splitStatusOutputs(result.stdout);
  return outputs.length === worktrees.length ? outputs : undefined;
}
