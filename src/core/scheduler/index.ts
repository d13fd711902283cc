export type { BlockReason, Decision, Notification, StuckReason, StuckResolution } from './decision.js';
export { decide, decideAfterGates, decideWithWaits } from './decide.js';
export type { OverlapWait } from './overlap.js';
export { busyWithOwnedPaths, holdsOwnedPaths, overlappingTasks, overlapWait } from './overlap.js';
export { resolveStuck } from './stuck-decisions.js';
export type { SchedulerPolicy, SchedulerSnapshot, SchedulerTask } from './snapshot.js';
export { policyFromConfig } from './snapshot.js';
export type { SendBackCounts, SendBackDecision, SendBackFailure, SendBackInput } from './send-back.js';
export { decideSendBack, nextIteration } from './send-back.js';
