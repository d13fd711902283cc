export type { AcceptedEntry, ApplyResult } from './agents-md.js';
export { applyAccepted, ensureClaudeImport, listBullets, removeEntry } from './agents-md.js';
export type { AgentsMdBudget, AgentsMdSize } from './curation.js';
export { agentsMdSize, describeSize, mayContradict } from './curation.js';
export type { AggregateOptions } from './aggregate.js';
export { aggregateLearnings, isAlreadyStated } from './aggregate.js';
export { classifySection } from './classify.js';
export type { DraftLearning } from './entry.js';
export { draftLearning } from './entry.js';
export { keyTokens, lessonKey, oneLine, SAME_LESSON, similarity, stem } from './normalise.js';
export type {
  LearningEvidence,
  LearningInput,
  LearningProposal,
  LearningSection,
  LearningSource,
  LearningStatus,
} from './types.js';
export { ENTRY_MAX, LEARNING_SECTIONS, LEARNING_STATUSES } from './types.js';
export type { ParsedReflection } from './reflection.js';
export { parseReflection, REFLECTION_MARKER, reflectionPrompt } from './reflection.js';
