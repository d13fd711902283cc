// The speculative local merge queue (issue 5): enqueue, the runner under `grove run`, `grove integrate`.
export type { QueueFailure, QueueHooks, QueueRunner } from './types.js';
export { enqueueTask } from './enqueue.js';
export type { QueueRoundReport } from './runner.js';
export { integrateNow, startQueueRunner } from './runner.js';
export { QUEUE_LOCK } from './types.js';
export { removeIntegrationWorktrees } from './integration-cleanup.js';
export { describeQueueFailure, parkCulprit } from './park.js';
export { acceptBase } from './base-guard.js';
export type { RoundResult } from './round.js';
export type { CheckoutOutcome } from './checkout.js';
export { resolveQueueTest } from './integration.js';
export type { QueueSnapshot } from './view.js';
export { queueSnapshot, queueView } from './view.js';
export { nextWindowLine, windowChoice } from './window-choice.js';
