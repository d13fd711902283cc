// The manifest an exact backup carries (`manifest.json` in the tree of the backup commit's third
// parent): every folder, file and symlink of the worktree with its exact mode, the index entry by entry,
// and what the backup did not keep.
import { z } from 'zod';
import { GroveError } from '../../shared/errors.js';
import { git } from '../../infra/git/exec.js';

const EntrySchema = z.discriminatedUnion('type', [
  z.object({ path: z.string(), type: z.literal('dir'), mode: z.number().int() }),
  z.object({
    path: z.string(),
    type: z.literal('file'),
    mode: z.number().int(),
    size: z.number().int(),
    oid: z.string(),
  }),
  z.object({ path: z.string(), type: z.literal('symlink'), target: z.string() }),
]);

export const ManifestSchema = z.object({
  grove: z.literal('backup'),
  format: z.literal(2),
  objectFormat: z.enum(['sha1', 'sha256']),
  head: z.string(),
  index: z.object({
    entries: z.array(
      z.object({ mode: z.string(), oid: z.string(), stage: z.number().int(), path: z.string() }),
    ),
    intentToAdd: z.array(z.string()),
    assumeUnchanged: z.array(z.string()),
    skipWorktree: z.array(z.string()),
  }),
  entries: z.array(EntrySchema),
  submodules: z.array(z.string()),
  /** Left out on purpose (`--lose-unsaveable`): each path and why it could not be saved. */
  lost: z.array(z.object({ path: z.string(), why: z.string() })),
  /** Ignored files: kept in the backup, or left out (`--lose-ignored`). */
  ignored: z.object({ kept: z.boolean(), files: z.number().int(), bytes: z.number().int() }),
  /** A merge in progress: the worktree's MERGE_HEAD, MERGE_MSG and MERGE_MODE files, as they were. */
  merge: z.partialRecord(z.enum(['MERGE_HEAD', 'MERGE_MSG', 'MERGE_MODE']), z.string()).optional(),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestEntry = Manifest['entries'][number];

export const MANIFEST_FILE = 'manifest.json';

/** The manifest of a backup commit, or undefined for a backup made before exact backups (format 1). */
export async function readManifest(repo: string, backupCommit: string): Promise<Manifest | undefined> {
  const rev = `${backupCommit}^3:${MANIFEST_FILE}`;
  const found = await git(repo, ['cat-file', '-e', rev], { okCodes: [0, 1, 128] });
  if (found.code !== 0) return undefined;
  const text = (await git(repo, ['cat-file', 'blob', rev])).stdout;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new GroveError('GIT_FAILED', `the manifest of backup ${backupCommit} is not JSON: ${String(e)}`);
  }
  const result = ManifestSchema.safeParse(parsed);
  if (!result.success) {
    throw new GroveError(
      'GIT_FAILED',
      `the manifest of backup ${backupCommit} is not one this grove reads: ${result.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
      { hint: 'it may come from a newer grove; restore it with that version' },
    );
  }
  return result.data;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${n} B`;
}
