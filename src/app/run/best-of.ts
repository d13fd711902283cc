// Best-of-N in the run loop (issue 21): each attempt's figures for the ranking (snapshot), and what
// happens when the scheduler ranks a group: the journal's `best-of` event, a backup ref per attempt,
// the attempts given up. The ranking itself is pure (src/core/best-of/).
import type { CandidateFigures } from '../../core/best-of/rank.js';
import type { BestOfGroups } from '../../core/best-of/groups.js';
import { bestOfGroups, resolveDependency } from '../../core/best-of/groups.js';
import { SETTLED_STATES } from '../../core/best-of/settle.js';
import type { Decision, SchedulerTask } from '../../core/scheduler/index.js';
import type { TaskRow } from '../../infra/db/task-store.js';
import type { UsageTotals } from '../../infra/db/usage-store.js';
import { git } from '../../infra/git/exec.js';
import { resolveRef } from '../../infra/git/refs.js';
import { costOf } from '../../core/cost.js';
import type { Stores } from '../../infra/db/stores.js';
import type { TaskSpec } from '../../shared/task-spec.js';
import type { RunRuntime } from './runtime.js';

export const BEST_OF_REF_PREFIX = 'refs/grove/best-of/';

/** The backup ref of one attempt: refs/grove/best-of/<group>/<attempt id>. */
export function bestOfRef(group: string, attemptTask: string): string {
  return `${BEST_OF_REF_PREFIX}${group}/${attemptTask}`;
}

/** The latest `best-of` event of a group, if grove has ranked it. */
export function bestOfRanking(stores: Pick<Stores, 'journal'>, group: string) {
  return stores.journal.forTask(group, ['best-of']).at(-1)?.data;
}

/** Lines added plus removed between the task's base and the commit its gates ran on. */
async function countDiffLines(repo: string, base: string, commit: string): Promise<number> {
  const out = await git(repo, ['diff', '--numstat', base, commit]);
  let lines = 0;
  for (const row of out.stdout.split('\n')) {
    const [added, removed] = row.split('\t');
    // Binary files show `-`: they count as one changed line each.
    if (added === undefined || removed === undefined) continue;
    lines += added === '-' ? 1 : Number(added) + Number(removed);
  }
  return lines;
}

/** The commit an attempt's figures are about: its gates' latest run, else its branch tip (undefined: none). */
function figuresCommit(rt: RunRuntime, row: TaskRow): string | undefined {
  const runs = rt.stores.gates.latestByGate(row.id);
  return runs.at(-1)?.commit_sha ?? row.verified_commit ?? undefined;
}

/**
 * The attempt's figures, or undefined while its diff size is being counted (git runs in the
 * background; the loop is woken when it is known). Gates: the newest run of each; acceptance
 * commands are the `accept-N` ones.
 */
function figuresOf(
  rt: RunRuntime,
  row: TaskRow,
  usage: UsageTotals | undefined,
): CandidateFigures | undefined {
  let diffLines = 0;
  const commit = figuresCommit(rt, row);
  if (commit !== undefined && row.base !== null) {
    const key = `${row.base}..${commit}`;
    const known = rt.diffLines.known.get(key);
    if (known === undefined) {
      if (!rt.diffLines.counting.has(key)) {
        rt.diffLines.counting.add(key);
        void countDiffLines(rt.ctx.paths.mainRoot, row.base, commit)
          // git could not count it: the attempt ranks as the largest, never as the smallest.
          .catch(() => Number.MAX_SAFE_INTEGER)
          .then((n) => {
            rt.diffLines.known.set(key, n);
            rt.diffLines.counting.delete(key);
            rt.wake();
          });
      }
      return undefined;
    }
    diffLines = known;
  }
  const runs = rt.stores.gates.latestByGate(row.id);
  const accept = runs.filter((g) => g.gate.startsWith('accept-'));
  const gates = runs.filter((g) => !g.gate.startsWith('accept-'));
  const cost = costOf(usage?.costUsd ?? 0, usage?.unpriced ?? [], rt.ctx.config);
  const durationMs = rt.stores.attempts
    .listForTask(row.id)
    .reduce((sum, a) => sum + ((a.ended_at ?? rt.ctx.now()) - a.started_at), 0);
  return {
    id: row.id,
    gatesPassed: gates.filter((g) => g.ok).length,
    gatesTotal: gates.length,
    acceptPassed: accept.filter((g) => g.ok).length,
    acceptTotal: accept.length,
    diffLines,
    tokens: usage?.total ?? 0,
    costUsd: cost.unknown ? undefined : cost.usd,
    durationMs,
  };
}

/** The snapshot's `bestOf` of one attempt: undefined for a task that is not one (or whose figures wait). */
export function bestOfView(
  rt: RunRuntime,
  row: TaskRow,
  spec: TaskSpec | undefined,
  usage: UsageTotals | undefined,
): SchedulerTask['bestOf'] {
  const member = spec?.bestOf;
  if (!member) return undefined;
  const ranked = bestOfRanking(rt.stores, member.group) !== undefined;
  const settledState = SETTLED_STATES.includes(row.state);
  const figures = ranked || !settledState ? placeholder(row.id) : figuresOf(rt, row, usage);
  // Figures not known yet: the attempt reads as unsettled (a placeholder would be ranked as it is).
  if (!figures) return { ...member, ranked, figures: placeholder(row.id), counting: true };
  return { ...member, ranked, figures };
}

const placeholder = (id: string): CandidateFigures => ({
  id,
  gatesPassed: 0,
  gatesTotal: 0,
  acceptPassed: 0,
  acceptTotal: 0,
  diffLines: 0,
  tokens: 0,
  costUsd: undefined,
  durationMs: 0,
});

/** Each task's dependencies with a best-of task's id replaced by the attempt that stands for it. */
export function dependencyResolver(
  specs: readonly TaskSpec[],
  stores: Pick<Stores, 'tasks' | 'journal'>,
): (dep: string) => string {
  const groups: BestOfGroups = bestOfGroups(specs);
  if (groups.size === 0) return (dep) => dep;
  const states = new Map(stores.tasks.list().map((r) => [r.id, r.state]));
  return (dep) =>
    resolveDependency(
      dep,
      groups,
      (id) => states.get(id),
      (group) => bestOfRanking(stores, group)?.pick,
    );
}

/**
 * Carries out a `best-of` decision: each attempt's branch tip kept as a backup ref, the ranking in the
 * journal (once: a second decision for the same group is ignored), the attempts it gives up abandoned.
 */
export async function applyBestOf(rt: RunRuntime, d: Extract<Decision, { kind: 'best-of' }>): Promise<void> {
  const { outcome } = d;
  if (bestOfRanking(rt.stores, outcome.group) !== undefined) return;
  const repo = rt.ctx.paths.mainRoot;
  const refs: Record<string, string> = {};
  for (const c of outcome.ranked) {
    const row = rt.stores.tasks.get(c.id);
    const tip = row?.branch ? await resolveRef(repo, `refs/heads/${row.branch}`) : undefined;
    if (tip === undefined) continue;
    await git(repo, [
      'update-ref',
      '-m',
      `grove best-of ${outcome.group}`,
      bestOfRef(outcome.group, c.id),
      tip,
    ]);
    refs[c.id] = tip;
  }
  rt.stores.tasks.appendEvent(outcome.group, {
    type: 'best-of',
    data: {
      group: outcome.group,
      ranked: outcome.ranked.map((c) => ({
        ...c,
        ...(c.costUsd === undefined ? { costUsd: undefined } : {}),
      })),
      ...(outcome.pick !== undefined ? { pick: outcome.pick } : {}),
      ...(outcome.fix !== undefined ? { fix: outcome.fix } : {}),
      abandon: outcome.abandon,
      review: outcome.review,
      refs,
    },
  });
  const why = outcome.pick
    ? `best-of ${outcome.group}: ${outcome.pick} was picked`
    : `best-of ${outcome.group}: ${outcome.fix ?? 'no attempt'} goes on to the fix loop`;
  for (const id of outcome.abandon) {
    const row = rt.stores.tasks.get(id);
    if (!row || row.state === 'abandoned') continue;
    rt.stores.tasks.transition(
      id,
      'abandoned',
      `${why}; its branch is kept as ${bestOfRef(outcome.group, id)}`,
      {
        expectFrom: [row.state],
        data: { kind: 'best-of' },
      },
    );
  }
  rt.notifier.notify(d.notify);
}
