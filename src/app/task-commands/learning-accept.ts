import { decideLearnings } from './learning-decide.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, LearningResult } from './result.js';

/** Accepts a learning proposal as it was proposed: a bullet under its AGENTS.md section. */
export function acceptLearning(
  deps: TaskCommandDeps,
  id: string,
  by: CommandDoor,
  opts: { commit?: boolean } = {},
): Promise<LearningResult> {
  return decideLearnings(deps, [{ id, decision: { kind: 'accept' } }], by, opts);
}
