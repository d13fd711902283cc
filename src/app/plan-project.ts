// `grove plan`: validate every spec, lay the tasks out in waves, and (when there are no errors) sync
// them into the state store.
import type { OverlapTurns } from '../core/plan/overlap-order.js';
import { overlapTurns } from '../core/plan/overlap-order.js';
import { describeShared, ownershipOverlaps } from '../core/plan/parallel-safety.js';
import { planWaves } from '../core/plan/waves.js';
import type { SpecProblem } from '../shared/errors.js';
import type { TaskSpec } from '../shared/task-spec.js';
import type { RepoPaths } from '../infra/git/repo.js';
import { validateProject } from '../infra/spec/load.js';
import { openStateDb, storesFor } from './context.js';
import type { SyncResult } from './sync-tasks.js';
import { syncTasks } from './sync-tasks.js';

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
}

export async function planProject(
  paths: RepoPaths,
  options: { now?: () => number } = {},
): Promise<PlanResult> {
  const validation = await validateProject(paths.mainRoot);
  const errors = validation.problems.filter((p) => p.severity === 'error');
  const warnings = validation.problems.filter((p) => p.severity === 'warning');
  const { waves, blocked } = planWaves(validation.tasks);
  const runOverlapping = validation.config?.run_overlapping === true;
  const found = ownershipOverlaps(validation.tasks);
  const result: PlanResult = {
    tasks: validation.tasks,
    waves,
    blocked,
    errors,
    warnings,
    runOverlapping,
    overlaps: found.map((o) => ({ a: o.a, b: o.b, shared: describeShared(o) })),
    ...(runOverlapping ? {} : { turns: overlapTurns(validation.tasks, waves, found) }),
  };
  if (errors.length === 0 && validation.config) {
    const db = openStateDb(paths);
    try {
      result.sync = syncTasks(
        storesFor(db, options.now ?? Date.now).tasks,
        validation.tasks,
        validation.config,
      );
    } finally {
      db.close();
    }
  }
  return result;
}
