// Shared shape of the rule checks that run after the schema: each returns errors and warnings.
import type { SpecProblem } from '../../shared/errors.js';

export interface RuleResult {
  errors: SpecProblem[];
  warnings: SpecProblem[];
}

export function mergeResults(results: readonly RuleResult[]): RuleResult {
  return { errors: results.flatMap((r) => r.errors), warnings: results.flatMap((r) => r.warnings) };
}

export function problems(result: RuleResult): SpecProblem[] {
  return [...result.errors, ...result.warnings];
}
