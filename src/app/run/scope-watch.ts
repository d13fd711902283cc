// The ownership watch: while an agent runs, every file it touches outside its task's `owns` is recorded
// once as a scope violation (journal type `scope`), from the agent's tool calls and from the worktree's
// uncommitted changes. `grove status` and the dashboard show them; the ownership gate still decides.
import { isAbsolute, relative } from 'node:path';
import { ownershipViolations } from '../../core/ownership.js';
import { worktreeStatus } from '../../infra/git/status.js';
import { operationInProgress } from '../../infra/git/catch-up.js';
import type { Stores } from '../../infra/db/stores.js';
import type { TaskSpec } from '../../shared/task-spec.js';

/** Paths already recorded as scope violations for the task. */
export function recordedViolations(stores: Pick<Stores, 'journal'>, taskId: string): string[] {
  const paths = new Set<string>();
  for (const row of stores.journal.forTask(taskId, ['scope'])) {
    for (const p of row.data.paths) paths.add(p);
  }
  return [...paths];
}

/** A tool-call path as the repository sees it: relative to the worktree (outside it: kept absolute). */
export function toRepoPath(worktree: string, file: string): string {
  if (!isAbsolute(file)) return file.replace(/^\.\//, '');
  const rel = relative(worktree, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/**
 * Records the task's new scope violations; returns them. Reads the tool calls stored for the task and
 * (when `withGit`) the worktree's uncommitted changes.
 */
export async function watchScope(
  stores: Pick<Stores, 'journal' | 'agentEvents' | 'tasks'>,
  spec: Pick<TaskSpec, 'id' | 'owns'>,
  worktree: string,
  withGit: boolean,
): Promise<string[]> {
  const touched = stores.agentEvents.filesTouched(spec.id).map((f) => toRepoPath(worktree, f));
  // While a merge or rebase of the base is unfinished (grove's catch-up, or the agent's), the worktree
  // holds the base's changes too: only the tool calls say what the agent touched then.
  if (withGit && !(await operationInProgress(worktree).catch(() => undefined))) {
    const status = await worktreeStatus(worktree).catch(() => undefined);
    for (const e of status?.entries ?? []) if (e.kind !== 'ignored') touched.push(e.path);
  }
  const known = new Set(recordedViolations(stores, spec.id));
  const fresh = ownershipViolations(touched, spec.owns).filter((p) => !known.has(p));
  if (fresh.length > 0)
    stores.tasks.appendEvent(spec.id, { type: 'scope', data: { paths: fresh, owns: spec.owns } });
  return fresh;
}
