// Agent plans, pure: whether a task plans first, its prompts, and the check of a plan-only turn.
export {
  buildImplementPrompt,
  buildPlanRevisionPrompt,
  buildPlanTurnPrompt,
  withApprovedPlan,
} from './prompt.js';
export type { PlanTurnCheck } from './policy.js';
export { checkPlanTurn, isPlanTurn, planEditedMessage, planText, wantsAgentPlan } from './policy.js';
