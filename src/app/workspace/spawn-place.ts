// Where a task's worktree goes: reuse grove's own worktree for the task, or create one, or refuse when
// the path or branch is taken by something grove did not make for this task.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { TaskRow } from '../../infra/db/task-store.js';
import { GroveError } from '../../shared/errors.js';
import { git } from '../../infra/git/exec.js';
import { resolveRef } from '../../infra/git/refs.js';
import { rebasingBranch } from '../../infra/git/catch-up.js';
import type { SpawnPlan, Workspace } from './spawn.js';

export type Place =
  | { kind: 'reuse'; workspace: Workspace }
  /** git still lists the task's worktree, but its folder was deleted by hand. */
  | { kind: 'deleted'; workspace: Workspace }
  /** `existingBranch`: the task's branch is still there (its worktree was removed). */
  | { kind: 'create'; existingBranch: boolean };

/** Throws WORKSPACE_CONFLICT when the path or the branch belongs to something else. */
export async function checkPlace(
  plan: Pick<SpawnPlan, 'worktrees' | 'groveBranches'>,
  workspace: Workspace,
  row: TaskRow | undefined,
): Promise<Place> {
  const { taskId: id, worktree: path, branch } = workspace;
  const branchRef = `refs/heads/${branch}`;
  const atPath = plan.worktrees.find((w) => samePath(w.path, path));
  const onBranch = plan.worktrees.find((w) => w.branch === branchRef);
  if (atPath && atPath.branch === branchRef) {
    return { kind: (await exists(path)) ? 'reuse' : 'deleted', workspace };
  }
  // The task's own worktree, detached by a rebase of its branch in progress (the merge queue's
  // catch-up left the conflicts for the agent): still the task's.
  if (atPath && atPath.detached && row?.worktree && samePath(row.worktree, path) && (await exists(path))) {
    if ((await rebasingBranch(path).catch(() => undefined)) === branchRef)
      return { kind: 'reuse', workspace };
  }
  if (atPath) {
    throw new GroveError(
      'WORKSPACE_CONFLICT',
      `${path} is already a worktree of ${atPath.branch ?? 'a detached HEAD'}, not ${branch}`,
      {
        hint: 'remove that worktree (`git worktree remove`) or change `worktree_path` in .grove/config.yaml',
      },
    );
  }
  if (onBranch) {
    if (row?.worktree && samePath(row.worktree, onBranch.path)) {
      return {
        kind: (await exists(onBranch.path)) ? 'reuse' : 'deleted',
        workspace: {
          ...workspace,
          worktree: onBranch.path,
          env: { ...workspace.env, GROVE_WORKTREE: onBranch.path },
        },
      };
    }
    throw new GroveError(
      'WORKSPACE_CONFLICT',
      `branch ${branch} is already checked out at ${onBranch.path}, which grove did not make for task ${id}`,
      {
        hint: `remove that worktree or rename the branch (\`git branch -m ${branch} <other>\`)`,
      },
    );
  }
  if (await exists(path)) {
    throw new GroveError('WORKSPACE_CONFLICT', `${path} exists and is not a git worktree`, {
      hint: 'move or delete it, or change `worktree_path` in .grove/config.yaml',
    });
  }
  const existingBranch = plan.groveBranches.has(branch);
  if (existingBranch && row?.branch !== branch) {
    throw new GroveError(
      'WORKSPACE_CONFLICT',
      `branch ${branch} already exists and grove has no record of it for task ${id}`,
      {
        hint: `rename or delete it (\`git branch -m ${branch} <other>\`), or restore a backup with \`grove restore ${id}\``,
      },
    );
  }
  return { kind: 'create', existingBranch };
}

function samePath(a: string, b: string): boolean {
  return resolve(a) === resolve(b);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * The task's worktree folder is gone (deleted by hand) while git still lists it: what was lost, what
 * is left on the branch, and what to run.
 */
export async function deletedWorktreeError(
  repo: string,
  workspace: Pick<Workspace, 'taskId' | 'worktree' | 'branch' | 'base'>,
): Promise<GroveError> {
  const { taskId: id, worktree, branch, base } = workspace;
  const r = await git(repo, ['rev-list', '--count', `${base}..refs/heads/${branch}`], { okCodes: [0, 128] });
  const tip = await resolveRef(repo, `refs/heads/${branch}`);
  const ahead = r.code === 0 ? Number(r.stdout.trim()) : undefined;
  const left =
    tip === undefined
      ? `its branch ${branch} is gone too`
      : ahead === 0
        ? `its branch ${branch} has no commits beyond ${base}`
        : `its branch ${branch} still has ${ahead ?? 'its'} commit${ahead === 1 ? '' : 's'} (tip ${tip.slice(0, 8)})`;
  return new GroveError('DIR_MISSING', `the worktree ${worktree} of task ${id} was deleted; ${left}`, {
    hint: `\`grove retry ${id}\` starts it again in a new worktree from that branch (\`grove spawn ${id}\` only recreates the worktree); uncommitted work that was in the folder is not in git`,
  });
}
