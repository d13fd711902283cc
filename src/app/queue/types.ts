// The merge queue's contract with the run loop (see src/app/run/ports.ts).
export type QueueFailure =
  | { kind: 'conflict'; files: string[]; base: string }
  | { kind: 'test-failed'; command: string; outputTail: string; fingerprint: string };

export interface QueueHooks {
  onMerged(taskId: string, commit: string): void;
  /** The task stays `integrating`: the hook moves it (fix loop, conflict or blocked). */
  onCulprit(taskId: string, failure: QueueFailure): void;
  /** Something the lead must hear (integration held by a dirty checkout); default: a notification. */
  notify?(n: { kind: string; taskId: string | null; message: string }): void;
}

export interface QueueRunner {
  kick(): void;
  stop(): Promise<void>;
  whenIdle(): Promise<void>;
}

/** The lock every queue round (and the removal of integration worktrees) runs under. */
export const QUEUE_LOCK = 'merge-queue';
