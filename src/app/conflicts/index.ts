// Conflict prediction between active task branches (issue 5): `predictConflicts` and its report.
export type { ConflictReport } from './predict.js';
export { predictConflicts } from './predict.js';
export type { TaskTip } from './tips.js';
export { taskTips } from './tips.js';
export type { ConflictsContext } from './open.js';
export { openForConflicts } from './open.js';
