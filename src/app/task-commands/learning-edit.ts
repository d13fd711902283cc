import { decideLearnings } from './learning-decide.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, LearningResult } from './result.js';

/** Accepts a learning proposal with the lead's wording (one line) instead of the proposed one. */
export function editLearning(
  deps: TaskCommandDeps,
  id: string,
  entry: string,
  by: CommandDoor,
  opts: { commit?: boolean } = {},
): Promise<LearningResult> {
  return decideLearnings(deps, [{ id, decision: { kind: 'accept', entry } }], by, opts);
}
