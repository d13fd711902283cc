// The lead's task commands: one implementation, called by the CLI, the dashboard and the run loop.
export type { CommandDone, CommandDoor, CommandRefused, CommandResult, TaskCommandAction } from './result.js';
export type { TaskCommandDeps } from './deps.js';
export { pauseTask } from './pause.js';
export { resumeTask } from './resume.js';
export { stopTask } from './stop.js';
export { retryTask } from './retry.js';
export { reassignTask } from './reassign.js';
export { abandonTask } from './abandon.js';
