// The app side of `grove plan`'s spec review: each valid spec's file text, whether its accept commands
// can run here, its budget, and what merged tasks cost in earlier cycles (from the state database).
import { resolveTaskBudget } from '../../core/budget-resolve.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reviewSpec } from '../../core/plan/spec-review.js';
import type { Config } from '../../shared/config.js';
import type { SpecProblem } from '../../shared/errors.js';
import type { TaskSpec } from '../../shared/task-spec.js';
import { MERGED_STATES } from '../../shared/task-state.js';
import type { Stores } from '../../infra/db/stores.js';
import { commandChecker } from '../../infra/spec/command-check.js';

/** Tokens of each task merged so far: what history says a task costs. */
export function mergedTokens(stores: Pick<Stores, 'tasks' | 'usage'>): Map<string, number> {
  const usage = stores.usage.perTask();
  const out = new Map<string, number>();
  for (const t of stores.tasks.list()) {
    if (MERGED_STATES.includes(t.state)) out.set(t.id, usage[t.id]?.total ?? 0);
  }
  return out;
}

export function reviewSpecs(
  mainRoot: string,
  tasks: readonly TaskSpec[],
  config: Config,
  history: ReadonlyMap<string, number>,
): SpecProblem[] {
  const commandMissing = commandChecker(mainRoot);
  return tasks.flatMap((spec) => {
    let text: string;
    try {
      text = readFileSync(join(mainRoot, spec.file), 'utf8');
    } catch {
      return []; // removed since it was loaded: nothing to review
    }
    const others = [...history].filter(([id]) => id !== spec.id).map(([, tokens]) => tokens);
    return reviewSpec(spec, {
      text,
      commandMissing,
      // Its own budget, else its role's, else the default (src/core/budget-resolve.ts).
      budgetTokens: resolveTaskBudget(spec, config.budgets).tokens,
      mergedTokens: others,
    });
  });
}
