// Agent attempts: start detached, follow, stop, and pick up again after a restart.
export type { AttemptDeps } from './deps.js';
export { attemptDeps } from './deps.js';
export type { AttemptFiles } from './files.js';
export { attemptFiles, taskLogDir, agentHomeDir } from './files.js';
export type { AttemptFinished, AttemptOutcome, MonitorOptions } from './monitor.js';
export { AttemptMonitor } from './monitor.js';
export type { ReconcileReport } from './reconcile.js';
export { reconcile } from './reconcile.js';
export type { StartAttemptInput } from './start.js';
export { startAttempt } from './start.js';
export { stopAttempt } from './stop.js';
export type { StopReason } from './tracked.js';
export { ATTEMPT_KINDS } from '../../infra/db/attempt-store.js';
