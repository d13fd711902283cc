// Code review, pure: the diff lines a comment may name, anchoring, the prompt back to the agent, and
// whether an approval still stands.
export { parseNewSideLines } from './new-side-lines.js';
export type { CommentRequest } from './anchor.js';
export { anchorComments } from './anchor.js';
export { buildReviewPrompt } from './prompt.js';
export { checkApproval } from './approval.js';
