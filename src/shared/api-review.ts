// The dashboard review page's wire types (/api/review, /api/review/:id, /api/review/:id/since-last),
// part of src/shared/api.ts: the server builds them, the page parses them.
import { z } from 'zod';

/** The review queue: tasks waiting in `review`, oldest first, with how long each has waited. */
export const ReviewQueueSchema = z.object({
  now: z.number(),
  tasks: z.array(
    z.object({ id: z.string(), title: z.string(), since: z.number(), waitingMs: z.number().nonnegative() }),
  ),
});
export type ReviewQueue = z.infer<typeof ReviewQueueSchema>;

/** One file of a diff, with its own part of the patch (what the diff view renders). */
export const ReviewFileSchema = z.object({
  /** The new-side path (the old one for a deleted file). */
  path: z.string(),
  /** The old-side path when it differs (a rename), else null. */
  oldPath: z.string().nullable(),
  status: z.enum(['added', 'deleted', 'modified', 'renamed', 'binary']),
  additions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
  /**
   * Identifies the file's content on the new side (its blob id from the patch, with its path): a
   * "viewed" mark is kept per task, file and this hash, so a file that changes loses its mark.
   */
  hash: z.string(),
  /** The file's part of the unified diff (from its `diff --git` line). */
  patch: z.string(),
});
export type ReviewFile = z.infer<typeof ReviewFileSchema>;

/** An attempt of a best-of task under review: its siblings, best first (src/app/review/best-of-view.ts). */
export const ReviewBestOfSchema = z.object({
  group: z.string(),
  pick: z.string().nullable(),
  ranked: z.boolean(),
  attempts: z.array(
    z.object({
      id: z.string(),
      state: z.string(),
      rank: z.number().int().nullable(),
      passes: z.boolean().nullable(),
      why: z.string().nullable(),
      tip: z.string().nullable(),
    }),
  ),
});

/** What `grove review <task>` shows (src/app/review/review-view.ts), without its raw diff. */
export const ReviewSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  state: z.string(),
  branch: z.string(),
  base: z.string(),
  mergeBase: z.string(),
  tip: z.string(),
  verifiedCommit: z.string().nullable(),
  spec: z.object({ file: z.string().nullable(), body: z.string(), accept: z.array(z.string()) }),
  gates: z.array(
    z.object({
      gate: z.string(),
      ok: z.boolean(),
      command: z.string(),
      exitCode: z.number().int().nullable(),
      durationMs: z.number(),
      outputTail: z.string(),
      outputPath: z.string().nullable(),
    }),
  ),
  summary: z.string().nullable(),
  scope: z.object({
    owns: z.array(z.string()),
    files: z.array(
      z.object({
        path: z.string(),
        added: z.number().nullable(),
        deleted: z.number().nullable(),
        binary: z.boolean(),
      }),
    ),
    outside: z.array(z.string()),
  }),
  usage: z.object({
    tokens: z.number(),
    input: z.number(),
    output: z.number(),
    costUsd: z.number(),
    costUnknown: z.boolean(),
  }),
  conflicts: z.array(z.object({ with: z.string(), files: z.array(z.string()) })),
  reviews: z.array(
    z.object({
      verdict: z.string(),
      commit: z.string(),
      by: z.string(),
      at: z.number(),
      message: z.string(),
      void: z.boolean(),
    }),
  ),
  bestOf: ReviewBestOfSchema.optional(),
});

/** The diff between two attempts of a best-of task, split per file. */
export const ReviewCompareSchema = z.object({
  from: z.string(),
  to: z.string(),
  fromTip: z.string(),
  toTip: z.string(),
  files: z.array(ReviewFileSchema),
});
export type ReviewCompare = z.infer<typeof ReviewCompareSchema>;

/** The review page of one task: the review view and its diff (merge base → tip) split per file. */
export const ReviewPageSchema = z.object({
  review: ReviewSummarySchema,
  files: z.array(ReviewFileSchema),
});
export type ReviewPage = z.infer<typeof ReviewPageSchema>;

/** "Changes since my last review" (src/app/review/interdiff.ts), split per file. */
export const ReviewInterdiffSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none'), reason: z.string() }),
  z.object({
    kind: z.literal('interdiff'),
    reviewed: z.string(),
    tip: z.string(),
    review: z.object({ verdict: z.string(), by: z.string(), at: z.number() }),
    method: z.enum(['direct', 'rebased', 'task-files']),
    note: z.string().nullable(),
    files: z.array(ReviewFileSchema),
  }),
]);
export type ReviewInterdiff = z.infer<typeof ReviewInterdiffSchema>;
