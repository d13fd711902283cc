// Listing learning proposals (grove retro, the dashboard). Deciding them is a lead action:
// src/app/task-commands/learning-decide.ts.
import type { LearningProposal } from '../../core/learnings/index.js';
import type { ProjectContext } from '../context.js';
import { gatherProposals } from './gather.js';

/** Every stored proposal (oldest first); `gather` refreshes them from the stores first. */
export async function listProposals(
  ctx: ProjectContext,
  opts: { gather?: boolean } = {},
): Promise<LearningProposal[]> {
  if (opts.gather) await gatherProposals(ctx);
  return ctx.stores.learnings.list();
}
