// The lead's task commands: one implementation, called by the CLI, the dashboard and the run loop.
export type {
  CommandDone,
  CommandDoor,
  CommandRefused,
  CommandResult,
  DiscardResult,
  LearningResult,
  LearningsDecided,
  ScopeApproved,
  ScopeResult,
  TaskCommandAction,
} from './result.js';
export type { TaskCommandDeps } from './deps.js';
export type { LearningDecision } from './learning-decide.js';
export { pauseTask } from './pause.js';
export { resumeTask } from './resume.js';
export { stopTask } from './stop.js';
export { retryTask } from './retry.js';
export { reassignTask } from './reassign.js';
export { abandonTask } from './abandon.js';
export { approveScope } from './approve-scope.js';
export { queueTask } from './enqueue.js';
export { approveTask } from './approve.js';
export type { PlanApprovalResult } from './approve-plan.js';
export { approvePlan } from './approve-plan.js';
export { requestChanges } from './request-changes.js';
export type { DiscardRequest } from './discard-files.js';
export { discardFiles } from './discard-files.js';
export { decideLearnings } from './learning-decide.js';
export { acceptLearning } from './learning-accept.js';
export { editLearning } from './learning-edit.js';
export { rejectLearning } from './learning-reject.js';
export { mergeLearning, retireAgentsMdEntry } from './agents-md-retire.js';
export type { ProposalsMerged } from './learning-merge.js';
export { mergeProposals } from './learning-merge.js';
