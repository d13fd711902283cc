// The learning proposals the demo's cycle produced, for the person to review with `grove retro`.
import { gatherProposals } from '../compound/gather.js';
import type { ProjectContext } from '../context.js';

export interface DemoProposal {
  id: string;
  section: string;
  entry: string;
  /** The tasks whose evidence the proposal rests on. */
  tasks: string[];
}

/** Gathers the cycle's proposals (idempotent) and lists those waiting for review. */
export async function demoProposals(ctx: ProjectContext): Promise<DemoProposal[]> {
  const proposals = (await gatherProposals(ctx)).filter((p) => p.status === 'proposed');
  return proposals.map((p) => ({
    id: p.id,
    section: p.section,
    entry: p.entry,
    tasks: [...new Set(p.evidence.map((e) => e.task))],
  }));
}
