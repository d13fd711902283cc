// Integration worktrees are grove's own scratch checkouts (detached, holding only candidates and copied
// ignored files such as node_modules): they are reused between the rounds of one run, and removed when
// the queue stops (end of `grove run`/`up`, end of `grove integrate`) and by `grove clean`, under the
// queue lock so that no round of another process loses its worktree mid-test.
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { listWorktrees, pruneWorktrees, removeWorktree } from '../../infra/git/worktree.js';
import { processStartTime } from '../../infra/process/liveness.js';
import type { ProjectContext } from '../context.js';
import { integrationDir } from './integration.js';
import { QUEUE_LOCK } from './types.js';

export type IntegrationCleanup =
  | { kind: 'removed'; paths: string[] }
  /** Another grove process runs the queue: its worktrees stay until it stops. */
  | { kind: 'held'; by: string };

/** Removes every integration worktree (and its folder) unless another process holds the queue lock. */
export async function removeIntegrationWorktrees(
  ctx: Pick<ProjectContext, 'paths' | 'stores'>,
): Promise<IntegrationCleanup> {
  const dir = integrationDir(ctx);
  if (!existsSync(dir)) return { kind: 'removed', paths: [] };
  const locks = ctx.stores.locks;
  const pid = process.pid;
  const got = locks.acquire(QUEUE_LOCK, {
    pid,
    processStart: processStartTime(pid) ?? 'unknown',
    info: 'merge queue (removing integration worktrees)',
  });
  if (got.kind === 'held') return { kind: 'held', by: `pid ${got.by.pid}` };
  try {
    const repo = ctx.paths.mainRoot;
    const inside = (path: string): boolean => resolve(path).startsWith(`${resolve(dir)}/`);
    const removed: string[] = [];
    for (const wt of (await listWorktrees(repo)).filter((w) => inside(w.path))) {
      // Detached scratch checkouts of candidates: nothing in them is anyone's work.
      await removeWorktree(repo, wt.path, { force: true });
      removed.push(wt.path);
    }
    // Folders git no longer knows (a crash between `mkdir` and `worktree add`), then the metadata.
    for (const name of await readdir(dir)) {
      const path = join(dir, name);
      if (!removed.includes(path)) removed.push(path);
      await rm(path, { recursive: true, force: true });
    }
    await rm(dir, { recursive: true, force: true });
    await pruneWorktrees(repo);
    return { kind: 'removed', paths: removed };
  } finally {
    // Callers run this outside a round (the lock is re-entrant for this process, so never inside one).
    locks.release(QUEUE_LOCK, pid);
  }
}
