import { LEARNING_SECTIONS } from '../../shared/api.js';

export { LEARNING_SECTIONS };
export type LearningSection = (typeof LEARNING_SECTIONS)[number];

/** proposed → accepted | rejected; stale: its evidence is gone; already-stated: AGENTS.md says it. */
export const LEARNING_STATUSES = ['proposed', 'accepted', 'rejected', 'stale', 'already-stated'] as const;
export type LearningStatus = (typeof LEARNING_STATUSES)[number];

/** Where a lesson came from in the cycle. */
export type LearningInput =
  /** A line from an agent's result `learnings`. */
  | { kind: 'agent'; task: string; text: string; commit?: string; files?: readonly string[] }
  /** A fix loop that succeeded: the gate that failed, its symptom, and the files the fix changed. */
  | {
      kind: 'fix-loop';
      task: string;
      gate: string;
      symptom: string;
      files: readonly string[];
      commit?: string;
      /** What the fix changed, as `git diff --shortstat` says it. */
      stat?: string;
    }
  /** A task that got stuck on the same failure. */
  | { kind: 'stuck'; task: string; fingerprint: string; error: string }
  /** Files a task changed outside the paths it owns. */
  | { kind: 'scope-violation'; task: string; files: readonly string[] }
  /** `grove note <task> "<text>"`, written by a person. */
  | { kind: 'human'; task: string; text: string }
  /** A reviewer's comment marked as a lesson (`grove request-changes --lesson`), with its file. */
  | { kind: 'review'; task: string; text: string; file?: string }
  /** The merge queue found the task in conflict with the base in these files; it was resolved and merged. */
  | { kind: 'conflict'; task: string; files: readonly string[] }
  /** The lead approved paths beyond the task's owns (`grove approve-scope`). */
  | { kind: 'scope-approved'; task: string; paths: readonly string[] }
  /** The agent's own reflection at the end of a task (its read-only final turn): one rule line. */
  | { kind: 'reflection'; task: string; text: string; attempt: number };

export type LearningSource = LearningInput['kind'];

export interface LearningEvidence {
  task: string;
  source: LearningSource;
  commit?: string;
  files?: string[];
  /** For a fix loop: the fix's `git diff --shortstat`. */
  stat?: string;
  /** For a reflection: the attempt (its number in the task) whose session reflected. */
  attempt?: number;
}

export interface LearningProposal {
  /** Stable: `L` + a hash of the section and the normalised key of the first entry. */
  id: string;
  section: LearningSection;
  /** One line, at most ENTRY_MAX characters. */
  entry: string;
  /** Sorted, stemmed, stop-word-free tokens of the entry: what similar lessons are matched on. */
  key: string;
  evidence: LearningEvidence[];
  status: LearningStatus;
}

export const ENTRY_MAX = 160;
