import { isSameProcess } from '../process/liveness.js';
import { appendEvent } from './append-event.js';
import type { Db } from './open.js';
import { writeTx } from './open.js';

export interface LockHolder {
  pid: number;
  processStart: string;
  info?: string;
  since: number;
}

export type AcquireResult =
  { kind: 'acquired' } | { kind: 'held'; by: { pid: number; info?: string; since: number } };

interface LockRow {
  name: string;
  pid: number;
  process_start: string;
  info: string | null;
  since: number;
}

/**
 * Named locks with one holder each (the run loop, the merge queue). A holder is a live process named
 * by pid and start time: a lock whose holder has died (or whose pid now names another process) is
 * taken over, so a crash never leaves a lock stuck. Acquiring again from the holding process succeeds.
 */
export class LockStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
    private readonly isAlive: (pid: number, processStart: string) => boolean = isSameProcess,
  ) {}

  acquire(name: string, holder: { pid: number; processStart: string; info?: string }): AcquireResult {
    return writeTx(this.db, () => {
      const row = this.row(name);
      if (row && !(row.pid === holder.pid && row.process_start === holder.processStart)) {
        if (this.isAlive(row.pid, row.process_start)) return { kind: 'held', by: toHolderInfo(row) };
        appendEvent(this.db, {
          at: this.now(),
          taskId: null,
          type: 'lock',
          data: {
            name,
            phase: 'taken-over',
            from: { pid: row.pid, info: row.info },
            to: { pid: holder.pid },
          },
        });
      }
      const since =
        row && row.pid === holder.pid && row.process_start === holder.processStart ? row.since : this.now();
      this.db
        .prepare(
          `INSERT INTO locks (name, pid, process_start, info, since) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET pid = excluded.pid, process_start = excluded.process_start,
             info = excluded.info, since = excluded.since`,
        )
        .run(name, holder.pid, holder.processStart, holder.info ?? null, since);
      return { kind: 'acquired' };
    });
  }

  /** Releases the lock if `pid` holds it (a no-op otherwise). */
  release(name: string, pid: number): void {
    this.db.prepare('DELETE FROM locks WHERE name = ? AND pid = ?').run(name, pid);
  }

  /** The live holder, or undefined when the lock is free or its holder has died. */
  holder(name: string): LockHolder | undefined {
    const row = this.row(name);
    if (!row || !this.isAlive(row.pid, row.process_start)) return undefined;
    return { ...toHolderInfo(row), processStart: row.process_start };
  }

  private row(name: string): LockRow | undefined {
    return this.db.prepare('SELECT * FROM locks WHERE name = ?').get(name) as LockRow | undefined;
  }
}

function toHolderInfo(row: LockRow): { pid: number; info?: string; since: number } {
  return row.info === null
    ? { pid: row.pid, since: row.since }
    : { pid: row.pid, info: row.info, since: row.since };
}
