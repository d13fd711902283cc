// The review of one attempt of a best-of task shows its siblings beside it: grove's ranking (best
// first, why each stands where it does), each one's state and tip, and the diff between two attempts.
import { GroveError } from '../../shared/errors.js';
import { unifiedDiff } from '../../infra/git/diff.js';
import { resolveRef } from '../../infra/git/refs.js';
import type { ProjectContext } from '../context.js';
import { bestOfRanking, bestOfRef } from '../run/best-of.js';

export interface BestOfReview {
  group: string;
  /** grove's pick once it ranked the attempts (null: not ranked yet, or none passed). */
  pick: string | null;
  ranked: boolean;
  attempts: Array<{
    id: string;
    state: string;
    rank: number | null;
    passes: boolean | null;
    why: string | null;
    /** The attempt's branch tip, else its backup ref (an attempt given up and cleaned). */
    tip: string | null;
  }>;
}

type Ctx = Pick<ProjectContext, 'tasks' | 'store' | 'stores' | 'paths'>;

/** The commit of one attempt: its branch tip, else the backup ref grove made when it ranked them. */
async function attemptTip(ctx: Ctx, group: string, id: string): Promise<string | undefined> {
  const branch = ctx.store.get(id)?.branch;
  const repo = ctx.paths.mainRoot;
  return (
    (branch ? await resolveRef(repo, `refs/heads/${branch}`) : undefined) ??
    (await resolveRef(repo, bestOfRef(group, id)))
  );
}

/** The best-of block of a task's review, or undefined for a task that is not an attempt. */
export async function bestOfReview(ctx: Ctx, id: string): Promise<BestOfReview | undefined> {
  const group = ctx.tasks.find((t) => t.id === id)?.bestOf?.group;
  if (group === undefined) return undefined;
  const ranking = bestOfRanking(ctx.stores, group);
  const members = ctx.tasks.filter((t) => t.bestOf?.group === group).map((t) => t.id);
  const attempts = await Promise.all(
    members.map(async (m) => {
      const c = ranking?.ranked.find((r) => r.id === m);
      return {
        id: m,
        state: ctx.store.get(m)?.state ?? 'planned',
        rank: c?.rank ?? null,
        passes: c?.passes ?? null,
        why: c?.why ?? null,
        tip: (await attemptTip(ctx, group, m)) ?? null,
      };
    }),
  );
  attempts.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.id.localeCompare(b.id));
  return { group, pick: ranking?.pick ?? null, ranked: ranking !== undefined, attempts };
}

/** The diff from attempt `id` to attempt `other` of the same best-of task (what `other` does differently). */
export async function compareAttempts(
  ctx: Ctx,
  id: string,
  other: string,
): Promise<{ from: string; to: string; fromTip: string; toTip: string; patch: string }> {
  const group = ctx.tasks.find((t) => t.id === id)?.bestOf?.group;
  if (group === undefined) {
    throw new GroveError('USAGE', `task ${id} is not an attempt of a best-of task`, {
      hint: 'compare attempts of a task whose file sets `attempts:`',
    });
  }
  const siblings = ctx.tasks.filter((t) => t.bestOf?.group === group).map((t) => t.id);
  if (!siblings.includes(other) || other === id) {
    throw new GroveError('USAGE', `${other} is not another attempt of ${group}`, {
      hint: `compare with one of ${siblings.filter((s) => s !== id).join(', ')}`,
    });
  }
  const [fromTip, toTip] = await Promise.all([attemptTip(ctx, group, id), attemptTip(ctx, group, other)]);
  if (fromTip === undefined || toTip === undefined) {
    const missing = fromTip === undefined ? id : other;
    throw new GroveError('STATE_INVALID', `attempt ${missing} has no commit yet`, {
      hint: 'compare once both attempts have committed work',
    });
  }
  const patch = await unifiedDiff(ctx.paths.mainRoot, fromTip, toTip);
  return { from: id, to: other, fromTip, toTip, patch };
}
