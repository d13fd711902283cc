// Which part of a gate's environment decides its result, for reusing a pass on the same tree: all of it
// but grove's per-workspace identity (GROVE_*: the task, its worktree path, branch and port, which differ
// between a task's worktree and a queue candidate's) and what a shell sets for itself.
const VOLATILE = new Set(['PWD', 'OLDPWD', 'SHLVL', '_']);

/** The environment entries that matter, sorted, as one canonical string. */
export function gateEnvCanonical(env: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(env)
    .filter(([k, v]) => v !== undefined && !k.startsWith('GROVE_') && !VOLATILE.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('\0');
}

export interface ReuseSource {
  id: number;
  task_id: string;
  gate: string;
  attempt_id: number | null;
  commit_sha: string | null;
}

/** Where a reused pass came from, as the output, journal and queue view say it. */
export function describeReuseSource(source: ReuseSource): string {
  const commit = source.commit_sha ? ` at ${source.commit_sha.slice(0, 8)}` : '';
  const what =
    source.gate === 'queue' && source.attempt_id === null
      ? `the merge queue's test of a candidate ending in ${source.task_id}`
      : `gate ${source.gate} of ${source.task_id}`;
  return `${what}${commit} (gate run #${source.id})`;
}
