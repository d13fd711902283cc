// Wakes readers of the state database when another connection (this process or another) writes it, so
// the dashboard's journal stream reads new rows when they land instead of on its next poll. A write in
// WAL mode appends to `<db>-wal` (and a checkpoint writes `<db>`); inotify reports both at once. The
// `-shm` file is changed through mmap, which reports nothing, so reads never wake anyone.
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface ChangeSignal {
  /**
   * Resolves at the next write to the database, or after `maxMs` (the fallback poll: a write the
   * watch missed is seen then), or when `abort` fires.
   */
  wait(maxMs: number, abort?: AbortSignal): Promise<void>;
  close(): void;
}

/**
 * A signal for the database at `dbPath`; undefined when the folder cannot be watched (the caller then
 * polls). Watches the folder, not the files: the WAL file comes and goes with checkpoints.
 */
export function watchDatabaseChanges(dbPath: string): ChangeSignal | undefined {
  const name = basename(dbPath);
  const waiters = new Set<() => void>();
  const wakeAll = (): void => {
    for (const wake of [...waiters]) wake();
  };
  let watcher: FSWatcher;
  try {
    watcher = watch(dirname(dbPath), { persistent: false }, (_event, file) => {
      if (file === null || file === name || file === `${name}-wal`) wakeAll();
    });
  } catch {
    return undefined;
  }
  // A watch that breaks (the folder removed) falls back to the poll; waiters wake at their timeout.
  watcher.on('error', () => watcher.close());
  return {
    wait(maxMs, abort) {
      return new Promise((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(done);
          abort?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, maxMs);
        waiters.add(done);
        abort?.addEventListener('abort', done, { once: true });
      });
    },
    close() {
      watcher.close();
      wakeAll();
    },
  };
}
