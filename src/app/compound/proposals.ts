// Reviewing learning proposals: the one place `grove retro` and the dashboard list and decide them.
// Accepted entries go into AGENTS.md at once (applyToAgentsMd); rejecting changes no file.
import type { AcceptedEntry, LearningProposal } from '../../core/learnings/index.js';
import type { ProjectContext } from '../context.js';
import { gatherProposals } from './gather.js';
import type { RetroApplied } from './retro.js';
import { applyToAgentsMd } from './retro.js';

export type ProposalDecision = { kind: 'accept'; entry?: string } | { kind: 'reject' };

export type DecideOutcome =
  | { kind: 'decided'; accepted: LearningProposal[]; rejected: LearningProposal[]; applied: RetroApplied }
  | { kind: 'unknown'; ids: string[] };

/** Every stored proposal (oldest first); `gather` refreshes them from the stores first. */
export async function listProposals(
  ctx: ProjectContext,
  opts: { gather?: boolean } = {},
): Promise<LearningProposal[]> {
  if (opts.gather) await gatherProposals(ctx);
  return ctx.stores.learnings.list();
}

/**
 * Decides several proposals at once; accepted ones (an edited entry replaces the proposed one) are
 * written to AGENTS.md under their section, and committed with `commit`. Unknown ids decide nothing.
 */
export async function decideProposals(
  ctx: ProjectContext,
  decisions: ReadonlyArray<{ id: string; decision: ProposalDecision }>,
  opts: { commit?: boolean } = {},
): Promise<DecideOutcome> {
  const store = ctx.stores.learnings;
  const known = new Map(store.list().map((p) => [p.id, p]));
  const unknown = decisions.filter((d) => !known.has(d.id)).map((d) => d.id);
  if (unknown.length > 0) return { kind: 'unknown', ids: unknown };
  const accepted: LearningProposal[] = [];
  const rejected: LearningProposal[] = [];
  const entries: AcceptedEntry[] = [];
  for (const { id, decision } of decisions) {
    const p = known.get(id)!;
    if (decision.kind === 'reject') {
      store.decide(id, 'rejected');
      rejected.push({ ...p, status: 'rejected' });
      continue;
    }
    const entry = decision.entry?.trim() || p.entry;
    store.decide(id, 'accepted', entry === p.entry ? undefined : entry);
    accepted.push({ ...p, entry, status: 'accepted' });
    entries.push({ section: p.section, entry });
  }
  const applied = await applyToAgentsMd(ctx, entries, { commit: opts.commit === true });
  return { kind: 'decided', accepted, rejected, applied };
}

/** One proposal: accept (optionally edited) or reject. */
export function decideProposal(
  ctx: ProjectContext,
  id: string,
  decision: ProposalDecision,
  opts: { commit?: boolean } = {},
): Promise<DecideOutcome> {
  return decideProposals(ctx, [{ id, decision }], opts);
}
