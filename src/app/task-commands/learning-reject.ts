import { decideLearnings } from './learning-decide.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, LearningResult } from './result.js';

/** Rejects a learning proposal; AGENTS.md is left as it is. */
export function rejectLearning(deps: TaskCommandDeps, id: string, by: CommandDoor): Promise<LearningResult> {
  return decideLearnings(deps, [{ id, decision: { kind: 'reject' } }], by);
}
