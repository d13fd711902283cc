export type {
  BlockReason,
  Decision,
  DecisionKind,
  Notification,
  StuckReason,
  StuckResolution,
} from './decision.js';
export { decide, decideAfterGates, resolveStuck } from './decide.js';
export type { SchedulerPolicy, SchedulerSnapshot, SchedulerTask } from './snapshot.js';
export { policyFromConfig } from './snapshot.js';
