// Code review, pure: the diff lines a comment may name, anchoring, the prompt back to the agent, and
// whether an approval still stands.
export type { NewSideLines } from './new-side-lines.js';
export { parseNewSideLines } from './new-side-lines.js';
export type { AnchorResult, AnchoredComment, CommentRequest } from './anchor.js';
export { anchorComments } from './anchor.js';
export type { ReviewPromptInput } from './prompt.js';
export { buildReviewPrompt } from './prompt.js';
export type { ApprovalCheck, ApprovalView } from './approval.js';
export { checkApproval } from './approval.js';
