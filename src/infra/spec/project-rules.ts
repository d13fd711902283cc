// Rules across task files: unique ids, known dependencies, no cycles, parallel-safe ownership.
import { normaliseGlob } from '../../core/ownership.js';
import { findCycles, formatCycle, ownershipOverlaps } from '../../core/plan/index.js';
import type { SpecProblem } from '../../shared/errors.js';
import type { TaskSpec } from '../../shared/task-spec.js';
import { attemptCount, attemptId } from '../../core/best-of/expand.js';
import { nearest } from './nearest.js';
import type { RuleResult } from './rules.js';
import { mergeResults } from './rules.js';
import type { YamlSource } from './yaml-source.js';

export interface LoadedTask {
  task: TaskSpec;
  source: YamlSource;
}

export interface ProjectFacts {
  /** Ids of task files that exist but have errors of their own (depending on them is not an error here). */
  brokenIds: ReadonlySet<string>;
  /**
   * config `run_overlapping`: only then may tasks whose `owns` overlap run at the same time, and that is
   * worth a warning. Off (the default), the scheduler runs them in turn and `grove plan` shows the order.
   */
  runOverlapping?: boolean;
}

type ProjectRule = (tasks: readonly LoadedTask[], facts: ProjectFacts) => RuleResult;

const problemAt = (
  t: LoadedTask,
  path: PropertyKey[],
  field: string,
  message: string,
  hint?: string,
  severity: SpecProblem['severity'] = 'error',
): SpecProblem => ({
  file: t.task.file,
  line: t.source.lineOf(path),
  field,
  message,
  hint,
  severity,
});

const uniqueIds: ProjectRule = (tasks) => {
  const firstFile = new Map<string, string>();
  const errors: SpecProblem[] = [];
  for (const t of tasks) {
    const other = firstFile.get(t.task.id);
    if (other)
      errors.push(
        problemAt(
          t,
          ['id'],
          'id',
          `duplicate id \`${t.task.id}\` (also in ${other})`,
          'give every task its own id',
        ),
      );
    else firstFile.set(t.task.id, t.task.file);
  }
  return { errors, warnings: [] };
};

const dependenciesExist: ProjectRule = (tasks, facts) => {
  const ids = tasks.map((t) => t.task.id);
  const errors: SpecProblem[] = [];
  for (const t of tasks) {
    t.task.depends_on.forEach((dep) => {
      if (ids.includes(dep) || facts.brokenIds.has(dep)) return;
      const i = t.source.has(['depends_on']) ? rawIndex(t, dep) : 0;
      const guess = nearest(dep, ids);
      errors.push(
        problemAt(
          t,
          ['depends_on', i],
          `depends_on[${i}]`,
          `unknown task \`${dep}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
          `depend on a task that has a file in .grove/tasks/ (${ids.length > 0 ? ids.join(', ') : 'none yet'})`,
        ),
      );
    });
  }
  return { errors, warnings: [] };
};

/** The index of `dep` as written (before normalisation removed duplicates). */
function rawIndex(t: LoadedTask, dep: string): number {
  const raw = (t.source.value as { depends_on?: unknown }).depends_on;
  const i = Array.isArray(raw) ? raw.findIndex((d) => typeof d === 'string' && d.trim() === dep) : -1;
  return Math.max(0, i);
}

/** The index of an owned glob as written (the task's list is normalised: `./` dropped, no duplicates). */
function rawOwnsIndex(t: LoadedTask, glob: string): number {
  const raw = (t.source.value as { owns?: unknown }).owns;
  const i = Array.isArray(raw)
    ? raw.findIndex((g) => typeof g === 'string' && normaliseGlob(g) === glob)
    : -1;
  return Math.max(0, i);
}

const noCycles: ProjectRule = (tasks) => {
  const byId = new Map(tasks.map((t) => [t.task.id, t]));
  const errors: SpecProblem[] = [];
  for (const cycle of findCycles(tasks.map((t) => t.task))) {
    const first = byId.get(cycle[0] as string) as LoadedTask;
    const next = cycle[1] ?? cycle[0];
    errors.push(
      problemAt(
        first,
        ['depends_on', rawIndex(first, next as string)],
        'depends_on',
        `dependency cycle: ${formatCycle(cycle)}`,
        'remove one of these dependencies so the tasks can be ordered',
      ),
    );
  }
  return { errors, warnings: [] };
};

const parallelSafeOwnership: ProjectRule = (tasks, facts) => {
  if (facts.runOverlapping !== true) return { errors: [], warnings: [] };
  const byId = new Map(tasks.map((t) => [t.task.id, t]));
  const warnings = ownershipOverlaps(tasks.map((t) => t.task)).map((o) => {
    const b = byId.get(o.b) as LoadedTask;
    const first = o.clashes[0];
    const globs = o.clashes
      .map(
        (c) =>
          `\`${c.a}\` ~ \`${c.b}\`${c.example ? ` (both match ${c.example})` : c.certainty === 'possible' ? ' (may overlap)' : ''}`,
      )
      .join(', ');
    return problemAt(
      b,
      ['owns', first ? rawOwnsIndex(b, first.b) : 0],
      'owns',
      `${o.a} and ${o.b} may run at the same time (run_overlapping is on) and own overlapping paths: ${globs}`,
      `narrow the globs, make one task depend on the other (e.g. \`depends_on: [${o.a}]\` in ${o.b}), or turn run_overlapping off so they run in turn`,
      'warning',
    );
  });
  return { errors: [], warnings };
};

/** The attempts of a best-of task (`<id>-try1` …) must not take another task's id. */
const bestOfIdsFree: ProjectRule = (tasks) => {
  const files = new Map(tasks.map((t) => [t.task.id, t.task.file]));
  const errors: SpecProblem[] = [];
  for (const t of tasks) {
    const n = attemptCount(t.task);
    for (let i = 1; i <= n && n > 1; i += 1) {
      const other = files.get(attemptId(t.task.id, i));
      if (other === undefined) continue;
      errors.push(
        problemAt(
          t,
          [t.task.attempts !== undefined ? 'attempts' : 'agents'],
          t.task.attempts !== undefined ? 'attempts' : 'agents',
          `attempt ${i} of this best-of task would be the task \`${attemptId(t.task.id, i)}\`, which ${other} already is`,
          'rename one of the two tasks',
        ),
      );
    }
  }
  return { errors, warnings: [] };
};

export const PROJECT_RULES: readonly ProjectRule[] = [
  uniqueIds,
  bestOfIdsFree,
  dependenciesExist,
  noCycles,
  parallelSafeOwnership,
];

export function checkProject(
  tasks: readonly LoadedTask[],
  facts: ProjectFacts = { brokenIds: new Set() },
): RuleResult {
  return mergeResults(PROJECT_RULES.map((rule) => rule(tasks, facts)));
}
