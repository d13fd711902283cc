// `grove plan`: validate every spec, lay the tasks out in waves, and (when there are no errors) sync
// them into the state store.
import type { TaskBudget } from '../core/budget-resolve.js';
import { resolveTaskBudget } from '../core/budget-resolve.js';
import type { OverlapTurns } from '../core/plan/overlap-order.js';
import { overlapTurns } from '../core/plan/overlap-order.js';
import { describeShared, ownershipOverlaps } from '../core/plan/parallel-safety.js';
import { planWaves } from '../core/plan/waves.js';
import type { SpecProblem } from '../shared/errors.js';
import type { Config } from '../shared/config.js';
import type { TaskSpec } from '../shared/task-spec.js';
import type { Stores } from '../infra/db/stores.js';
import type { RepoPaths } from '../infra/git/repo.js';
import type { ProjectValidation } from '../infra/spec/load.js';
import { validateProject } from '../infra/spec/load.js';
import { openStateDb, storesFor } from './context.js';
import type { SyncResult } from './sync-tasks.js';
import { syncTasks } from './sync-tasks.js';
import { mergedTokens, reviewSpecs } from './plan/spec-review.js';
import type { SpecApproval } from '../core/plan/approval.js';
import { currentSpecApprovals } from './plan-approval/spec-approvals.js';
import type { CommandDoor, PlanApprovalResult } from './task-commands/index.js';
import { approvePlan } from './task-commands/index.js';

/** The plan against the lead's latest approval (config `review.plan`). */
export interface PlanApprovalView {
  /** config `review.plan: required`: tasks start only once their spec is approved. */
  required: boolean;
  specs: SpecApproval[];
  /** The approval that stands, if any. */
  latest: { by: string; at: number } | null;
}

export interface PlanResult {
  tasks: TaskSpec[];
  /** Task ids by wave: a wave's tasks depend only on earlier waves, so they can run together. */
  waves: string[][];
  /** Tasks that cannot be ordered (in or behind a dependency cycle). */
  blocked: string[];
  errors: SpecProblem[];
  warnings: SpecProblem[];
  /** config `run_overlapping` (false when the config has errors). */
  runOverlapping: boolean;
  /** Pairs of tasks that may run at the same time by their dependencies and whose `owns` overlap. */
  overlaps: Array<{ a: string; b: string; shared: string }>;
  /**
   * With run_overlapping off: the order the scheduler runs overlapping tasks in (one after another,
   * each from a base that contains the ones before). Undefined when run_overlapping is on.
   */
  turns?: OverlapTurns;
  /** Undefined when errors kept the state store untouched. */
  sync?: SyncResult;
  /** Each spec against the latest approval; undefined with errors. */
  approval?: PlanApprovalView;
  /** With `approve`: what approving did (undefined when errors kept it from being tried). */
  approved?: PlanApprovalResult;
  /** Each task's budget: its file, its role (config `budgets.roles`) or the default; undefined with a broken config. */
  budgets?: Record<string, TaskBudget>;
  /**
   * What would make each spec better (no acceptance criteria, no `accept` command or one that cannot
   * run here, ownership of everything, a vague goal, a budget below what history says): warnings the lead
   * may ignore. Empty with errors (fix those first).
   */
  specReview: SpecProblem[];
}

/** Each spec against the latest approval, and whether the config requires one. */
export function planApprovalView(
  stores: Pick<Stores, 'planApprovals'>,
  config: Config,
  tasks: readonly TaskSpec[],
): PlanApprovalView {
  const latest = stores.planApprovals.latest();
  return {
    required: config.review.plan === 'required',
    specs: currentSpecApprovals(stores, tasks),
    latest: latest ? { by: latest.by, at: latest.at } : null,
  };
}

/** The plan as the specs on disk lay it out (no store touched): waves, overlaps and the problems. */
export function layoutPlan(validation: ProjectValidation): PlanResult {
  const errors = validation.problems.filter((p) => p.severity === 'error');
  const warnings = validation.problems.filter((p) => p.severity === 'warning');
  const { waves, blocked } = planWaves(validation.tasks);
  const runOverlapping = validation.config?.run_overlapping === true;
  const found = ownershipOverlaps(validation.tasks);
  const config = validation.config;
  return {
    tasks: validation.tasks,
    waves,
    blocked,
    errors,
    warnings,
    runOverlapping,
    overlaps: found.map((o) => ({ a: o.a, b: o.b, shared: describeShared(o) })),
    ...(runOverlapping ? {} : { turns: overlapTurns(validation.tasks, waves, found) }),
    ...(config
      ? {
          budgets: Object.fromEntries(
            validation.tasks.map((t) => [t.id, resolveTaskBudget(t, config.budgets)]),
          ),
        }
      : {}),
    specReview: [],
  };
}

export async function planProject(
  paths: RepoPaths,
  options: { now?: () => number; approve?: CommandDoor } = {},
): Promise<PlanResult> {
  const validation = await validateProject(paths.mainRoot);
  const result: PlanResult = layoutPlan(validation);
  const errors = result.errors;
  if (errors.length === 0 && validation.config) {
    const db = openStateDb(paths);
    try {
      const stores = storesFor(db, options.now ?? Date.now);
      result.sync = syncTasks(stores.tasks, validation.tasks, validation.config);
      if (options.approve) {
        result.approved = await approvePlan({ paths, stores, store: stores.tasks }, options.approve);
      }
      result.approval = planApprovalView(stores, validation.config, validation.tasks);
      result.specReview = reviewSpecs(
        paths.mainRoot,
        validation.tasks,
        validation.config,
        mergedTokens(stores),
      );
    } finally {
      db.close();
    }
  }
  return result;
}
