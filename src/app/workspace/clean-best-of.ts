// What `grove clean` does with a best-of task's attempts. An attempt grove (or a person) gave up is
// not integrated, yet its work is safe: grove saved its tip as refs/grove/best-of/<group>/<attempt>
// when it ranked them. So a clean attempt whose branch still points at that ref goes like an integrated
// one. Once the group's winner has landed and no attempt has a branch or worktree left, its cycle is
// over: `grove clean --force` (the person saying that unintegrated work may go) removes the backup refs;
// a plain clean keeps them and says so.
import type { ProjectContext } from '../context.js';
import { MERGED_STATES } from '../../shared/task-state.js';
import { deleteRef, listRefs, resolveRef } from '../../infra/git/refs.js';
import { BEST_OF_REF_PREFIX, bestOfRef } from '../run/best-of.js';

type Ctx = Pick<ProjectContext, 'tasks' | 'store' | 'paths'>;

/**
 * The backup ref that holds an abandoned attempt's branch exactly (its tip is the ref's commit), or
 * undefined: not an attempt, not given up, or committed to since grove saved it.
 */
export async function bestOfBackupOf(
  ctx: Ctx,
  id: string,
  branchOid: string | undefined,
): Promise<string | undefined> {
  const group = ctx.tasks.find((t) => t.id === id)?.bestOf?.group;
  if (group === undefined || branchOid === undefined) return undefined;
  if (ctx.store.get(id)?.state !== 'abandoned') return undefined;
  const ref = bestOfRef(group, id);
  return (await resolveRef(ctx.paths.mainRoot, ref)) === branchOid ? ref : undefined;
}

export interface BestOfRefsSettled {
  group: string;
  /** The attempt that landed. */
  landed: string;
  refs: string[];
  /** Removed (with `remove`), else kept for a person to look at. */
  removed: boolean;
}

/**
 * The backup refs of every best-of group whose cycle is over (one attempt landed, and no attempt of the
 * group still has a branch or a worktree, which would still hold work), removed when `remove`.
 */
export async function settleBestOfRefs(ctx: Ctx, remove: boolean): Promise<BestOfRefsSettled[]> {
  const repo = ctx.paths.mainRoot;
  const groups = new Map<string, string[]>();
  for (const t of ctx.tasks) {
    if (t.bestOf) groups.set(t.bestOf.group, [...(groups.get(t.bestOf.group) ?? []), t.id]);
  }
  const settledGroups: BestOfRefsSettled[] = [];
  for (const [group, attempts] of groups) {
    const rows = attempts.map((id) => ctx.store.get(id));
    const landed = rows.find((r) => r && MERGED_STATES.includes(r.state));
    if (!landed) continue;
    const settled = await Promise.all(
      rows.map(
        async (r) =>
          !r ||
          ((r.state === 'abandoned' || r.state === 'cleaned') &&
            r.worktree === null &&
            (r.branch === null || (await resolveRef(repo, `refs/heads/${r.branch}`)) === undefined)),
      ),
    );
    if (!settled.every(Boolean)) continue;
    const refs = await listRefs(repo, `${BEST_OF_REF_PREFIX}${group}/`);
    if (refs.length === 0) continue;
    if (remove) for (const r of refs) await deleteRef(repo, r.ref, r.oid);
    settledGroups.push({ group, landed: landed.id, refs: refs.map((r) => r.ref), removed: remove });
  }
  return settledGroups;
}
