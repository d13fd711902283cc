// The learning proposals the demo's cycle produced, for the person to review with `grove retro`.
import type { ProjectContext } from '../context.js';

export interface DemoProposal {
  id: number;
  section: string;
  entry: string;
  /** The tasks whose evidence the proposal rests on. */
  tasks: string[];
}

/** Gathers the cycle's proposals (idempotent) and lists those waiting for review. */
export function demoProposals(ctx: ProjectContext): Promise<DemoProposal[]> {
  // Wired to src/app/compound (gatherProposals + listProposals) once it lands on main.
  void ctx;
  return Promise.resolve([]);
}
