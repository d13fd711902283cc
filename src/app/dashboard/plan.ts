// The dashboard's plan page: the plan as the specs on disk lay it out (as `grove plan` shows it: tasks,
// waves, ownership, overlaps, acceptance commands, budgets) and each spec against the lead's latest
// approval. Read-only: approving is the `approve-plan` action, the same task command as `grove plan
// --approve`.
import { formatCommand } from '../../core/prompt.js';
import { formatProblem } from '../../shared/errors.js';
import type { PlanView } from '../../shared/api.js';
import { validateProject } from '../../infra/spec/load.js';
import { layoutPlan, planApprovalView } from '../plan-project.js';
import { mergedTokens, reviewSpecs } from '../plan/spec-review.js';
import type { TaskCommandDeps } from '../task-commands/index.js';

export async function planView(deps: Pick<TaskCommandDeps, 'paths' | 'stores'>): Promise<PlanView> {
  // What is on disk now, not what the dashboard's process loaded when it started.
  const validation = await validateProject(deps.paths.mainRoot);
  const plan = layoutPlan(validation);
  const config = validation.config;
  const approval =
    config && plan.errors.length === 0 ? planApprovalView(deps.stores, config, validation.tasks) : undefined;
  const status = new Map(approval?.specs.map((s) => [s.id, s.status]));
  return {
    tasks: plan.tasks.map((t) => ({
      id: t.id,
      title: t.title,
      file: t.file,
      owns: t.owns,
      dependsOn: t.depends_on,
      accept: t.accept.map(formatCommand),
      agent: t.agent ?? config?.default_agent ?? '',
      budgetTokens: t.budget?.tokens ?? config?.budgets.tokens ?? 0,
      priority: t.priority,
      approval: status.get(t.id) ?? null,
    })),
    waves: plan.waves,
    blocked: plan.blocked,
    overlaps: plan.overlaps,
    after: plan.turns?.after ?? {},
    errors: plan.errors.map(formatProblem),
    warnings: plan.warnings.map(formatProblem),
    specReview:
      config && plan.errors.length === 0
        ? reviewSpecs(deps.paths.mainRoot, validation.tasks, config, mergedTokens(deps.stores)).map(
            formatProblem,
          )
        : [],
    approval: {
      required: config?.review.plan === 'required',
      latest: approval?.latest ?? null,
      waiting: approval?.specs.filter((s) => s.status !== 'approved').length ?? 0,
    },
  };
}
