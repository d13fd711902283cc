// Gate results keyed by tree: the tree and environment key a command gate records, and the lookup the
// merge queue makes before testing a candidate (only a pass is ever reused; a failure runs again).
import { createHash } from 'node:crypto';
import { describeReuseSource, gateEnvCanonical } from '../../core/verify/gate-env.js';
import type { GateRunRow, GateStore } from '../../infra/db/gate-store.js';
import { gitText } from '../../infra/git/exec.js';

/** A short hash of the environment entries that decide a gate's result. */
export function gateEnvKey(env: Readonly<Record<string, string | undefined>>): string {
  return createHash('sha256').update(gateEnvCanonical(env)).digest('hex').slice(0, 16);
}

export const treeOfCommit = (repo: string, commit: string): Promise<string> =>
  gitText(repo, ['rev-parse', `${commit}^{tree}`]);

/**
 * The tree of `commit` when the worktree holds exactly it (nothing modified, nothing untracked that
 * is not ignored), else null: a gate run on a dirty worktree says nothing about a tree.
 */
export async function cleanTree(worktree: string, commit: string): Promise<string | null> {
  const status = await gitText(worktree, ['status', '--porcelain', '--untracked-files=all']);
  if (status.trim() !== '') return null;
  return treeOfCommit(worktree, commit);
}

export interface ReusedPass {
  source: GateRunRow;
  where: string;
}

/** An earlier pass of `command` on `tree` in this environment, if there is one. */
export function findReusablePass(
  gates: GateStore,
  tree: string,
  command: string,
  envKey: string,
): ReusedPass | undefined {
  const source = gates.passOnTree(tree, command, envKey);
  return source ? { source, where: describeReuseSource(source) } : undefined;
}
