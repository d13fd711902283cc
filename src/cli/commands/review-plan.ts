// `grove review <task>` for a review of the agent's own plan (`agent_plan`): the goal, the plan the agent
// wrote in its plan-only turn, earlier plan reviews and what to do next. No diff: nothing is edited yet.
import { formatCost } from '../../shared/cost-format.js';
import type { ReviewView } from '../../app/review/review-view.js';

function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : `${by}${l}`))
    .join('\n');
}

export function formatPlanReview(v: ReviewView): string {
  const out: string[] = [];
  out.push(`${v.id}: ${v.title}  [${v.state}: its agent's plan waits for your review]`);
  out.push('', `Goal and acceptance criteria${v.spec.file ? ` (${v.spec.file})` : ''}:`);
  out.push(indent(v.spec.body || '(the spec has no text)'));
  if (v.spec.accept.length) out.push('  acceptance commands:', ...v.spec.accept.map((a) => `    ${a}`));
  out.push('', `Scope: owns ${v.scope.owns.join(', ') || '(nothing)'}`);
  const which = v.plan && v.plan.number > 1 ? ` (revision ${v.plan.number - 1})` : '';
  out.push('', `The agent's plan${which}:`, '', indent(v.plan?.text ?? '(grove has no plan text)'), '');
  out.push(
    `Tokens: ${v.usage.tokens} (${v.usage.input} in, ${v.usage.output} out); cost ${formatCost(v.usage.costUsd, v.usage.costUnknown)}`,
  );
  const earlier = v.reviews.filter((r) => r.subject === 'plan');
  if (earlier.length) {
    out.push('', 'Earlier reviews of the plan:');
    for (const r of earlier) out.push(`  ${r.verdict} by ${r.by}: ${r.message}`);
  }
  out.push(
    '',
    `Next: grove approve ${v.id} (its agent implements the plan in the same session), or grove request-changes ${v.id} -m "…" (it revises the plan)`,
    '',
  );
  return out.join('\n');
}
