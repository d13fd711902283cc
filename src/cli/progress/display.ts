// The live progress of `grove run`: on a terminal, a table redrawn in place with notifications
// printed above it; otherwise plain event lines (state changes, attempts, gates, notifications);
// with --json, one JSON journal row per line.
import type { Stores } from '../../infra/db/stores.js';
import { formatJournalLine, taskColumnWidth } from '../output/journal-line.js';
import type { LeadNotification } from '../../app/run/notify.js';
import { renderTable, taskLine } from './task-line.js';

const EVENT_TYPES = ['state', 'attempt', 'gate', 'notify', 'queue', 'conflict'];

export type ProgressMode = 'tty' | 'plain' | 'json';

export class ProgressDisplay {
  private drawn = 0;
  private lastId: number;
  private timer: NodeJS.Timeout | undefined;
  /** The task column's width, from the ids this run follows (once, not per line). */
  private readonly taskWidth: number;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly stores: Stores,
    private readonly taskIds: readonly string[],
    private readonly defaultBudget: number,
    private readonly mode: ProgressMode,
    private readonly now: () => number = Date.now,
  ) {
    this.lastId = stores.journal.lastId();
    this.taskWidth = taskColumnWidth(taskIds);
    if (mode === 'tty') this.timer = setInterval(() => this.update(), 1000);
  }

  /** A line for the lead (notifications arrive through the journal in plain and JSON modes). */
  line(n: LeadNotification): void {
    if (this.mode === 'tty') {
      this.clear();
      this.out.write(`${n.kind === 'warning' ? 'warning' : `[${n.kind}]`} ${n.message}\n`);
      this.draw();
    } else if (n.kind === 'warning') {
      this.out.write(
        this.mode === 'json'
          ? `${JSON.stringify({ type: 'warning', message: n.message })}\n`
          : `warning: ${n.message}\n`,
      );
    }
  }

  /** Prints anything said outside the table (the dashboard URL, the end). */
  say(text: string): void {
    this.clear();
    this.out.write(`${text}\n`);
    this.draw();
  }

  update(): void {
    if (this.mode === 'tty') {
      this.clear();
      this.draw();
      return;
    }
    for (;;) {
      const rows = this.stores.journal.query({ afterId: this.lastId, types: EVENT_TYPES, limit: 500 });
      if (rows.length === 0) break;
      for (const r of rows) {
        if (r.task_id !== null && !this.taskIds.includes(r.task_id)) continue;
        this.out.write(
          this.mode === 'json' ? `${JSON.stringify(r)}\n` : `${formatJournalLine(r, this.taskWidth)}\n`,
        );
      }
      this.lastId = rows[rows.length - 1]!.id;
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.update();
    this.drawn = 0;
  }

  private clear(): void {
    if (this.mode !== 'tty' || this.drawn === 0) return;
    this.out.write(`\x1b[${this.drawn}F\x1b[J`);
    this.drawn = 0;
  }

  private draw(): void {
    if (this.mode !== 'tty') return;
    const usage = this.stores.usage.perTask();
    const now = this.now();
    const wanted = new Set(this.taskIds);
    const rows = this.stores.tasks.list().filter((t) => wanted.has(t.id));
    const lines = renderTable(
      rows.map((r) => taskLine(this.stores, r, usage[r.id]?.total ?? 0, this.defaultBudget, now)),
      this.out.columns || 120,
    );
    this.out.write(lines.map((l) => `${l}\n`).join(''));
    this.drawn = lines.length;
  }
}
