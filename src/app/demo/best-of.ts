// The facts the demo's outcome check needs about each best-of task: how many attempts ran, grove's pick,
// which attempt landed, and how many backup refs the repository keeps for them.
import { MERGED_STATES } from '../../shared/task-state.js';
import { listRefs } from '../../infra/git/refs.js';
import type { ProjectContext } from '../context.js';
import { BEST_OF_REF_PREFIX, bestOfRanking } from '../run/best-of.js';
import type { DemoBestOf, DemoTaskFacts } from './outcome.js';

export async function demoBestOf(
  ctx: Pick<ProjectContext, 'stores' | 'paths'>,
  facts: readonly DemoTaskFacts[],
): Promise<DemoBestOf[]> {
  const groups = [...new Set(facts.flatMap((f) => (f.bestOfGroup ? [f.bestOfGroup] : [])))];
  return Promise.all(
    groups.map(async (group) => {
      const attempts = facts.filter((f) => f.bestOfGroup === group);
      const refs = await listRefs(ctx.paths.mainRoot, `${BEST_OF_REF_PREFIX}${group}/`);
      return {
        group,
        attempts: attempts.filter((a) => ctx.stores.attempts.listForTask(a.id).length > 0).length,
        pick: bestOfRanking(ctx.stores, group)?.pick ?? null,
        landed: attempts.find((a) => MERGED_STATES.includes(a.state))?.id ?? null,
        backupRefs: refs.length,
      };
    }),
  );
}
