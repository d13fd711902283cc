// What grove's state can be rebuilt to from git when grove.db is lost (issue 17, item 5): pure data in,
// one decision per task file out. The rule: never merge a task twice and never run an agent over work
// that exists. A task whose trailer is on the base is merged; a task with a branch (work, or a worktree
// an agent used) waits for a person; only a task git knows nothing about starts from `planned`.

export interface RebuildEvidence {
  /** Task ids from `.grove/tasks/*.md`, in file order. */
  tasks: readonly string[];
  base: string;
  /** Tasks whose `Grove-Task` trailer is on the base (the newest such commit). */
  landed: ReadonlyMap<string, { commit: string; attempt: number }>;
  /** Tasks with a `grove/<id>` branch: its tip and how many commits it has that the base has not. */
  branches: ReadonlyMap<string, { branch: string; tip: string; ahead: number }>;
  /** Tasks with agent logs in the state folder (an agent ran, the database remembered nothing else). */
  logs: ReadonlySet<string>;
}

export type RebuiltTask =
  | { id: string; state: 'merged'; commit: string; attempt: number; reason: string }
  | { id: string; state: 'blocked'; branch: string; tip: string; reason: string }
  | { id: string; state: 'planned'; reason: string };

export const REBUILT_HINT = 'rebuilt from git after grove.db was lost: review and `grove retry`';

export function planRebuild(e: RebuildEvidence): RebuiltTask[] {
  return e.tasks.map((id): RebuiltTask => {
    const landed = e.landed.get(id);
    if (landed) {
      const reason = `rebuilt from git after grove.db was lost: its trailer is on ${e.base} at ${landed.commit.slice(0, 8)}`;
      return { id, state: 'merged', commit: landed.commit, attempt: landed.attempt, reason };
    }
    const branch = e.branches.get(id);
    if (branch) {
      const work =
        branch.ahead > 0
          ? `${branch.branch} has ${branch.ahead} commit(s) not on ${e.base} (tip ${branch.tip.slice(0, 8)})`
          : `${branch.branch} exists (its worktree may hold uncommitted work)`;
      const reason = `${REBUILT_HINT.replace('`grove retry`', `\`grove retry ${id}\``)}: ${work}`;
      return { id, state: 'blocked', branch: branch.branch, tip: branch.tip, reason };
    }
    const ran = e.logs.has(id) ? ' (an agent ran before, but left no branch)' : '';
    return { id, state: 'planned', reason: `rebuilt after grove.db was lost: nothing of it in git${ran}` };
  });
}

/** One line for the lead: what was rebuilt, by state. */
export function describeRebuild(
  plan: readonly RebuiltTask[],
  base: string,
  orphans: readonly string[],
): string {
  const of = (s: RebuiltTask['state']) => plan.filter((t) => t.state === s).map((t) => t.id);
  const parts = [
    `merged ${of('merged').join(', ') || 'none'} (trailers on ${base})`,
    `blocked ${of('blocked').join(', ') || 'none'} (a branch with work: review, then \`grove retry <id>\`)`,
    `planned ${of('planned').join(', ') || 'none'}`,
  ];
  const lost = orphans.length > 0 ? `; branches without a task file, left alone: ${orphans.join(', ')}` : '';
  return `grove.db was missing: rebuilt ${plan.length} task(s) from git and the task files: ${parts.join('; ')}${lost}`;
}
