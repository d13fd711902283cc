// The run loop (issue 4, the scheduler): `grove run`, `grove up`, (the lead's commands live in ../task-commands).
export type { DoneDecision, RunLoopOptions } from './loop.js';
export { RunLoop } from './loop.js';
export type { SendBackFailure } from './send-back.js';
export type { CulpritOutcome } from './culprit.js';
export { returnCulprit, returnCulpritsDetached } from './culprit.js';
export type { QueueFailure, QueueHooks, QueueRunner, RunPorts, VerifyOutcome } from './ports.js';
export { defaultPorts } from './ports.js';
export { acquireSchedulerLock, SCHEDULER_LOCK } from './scheduler-lock.js';
