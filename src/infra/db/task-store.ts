import type { TaskState } from '../../shared/task-state.js';
import { TaskStateSchema } from '../../shared/task-state.js';
import { GroveError } from '../../shared/errors.js';
import type { Db } from './open.js';
import { writeTx } from './open.js';
import { appendEvent as appendJournalRow } from './append-event.js';
import { assertTransition } from '../../shared/task-state-machine.js';
import type { JournalEvent, StateEventData, StateEventExtras } from '../../shared/journal-event.js';
import { parseJournalEvent } from '../../shared/journal-event.js';
import type { TaskRow } from './task-rows.js';
import { listTaskRows } from './task-rows.js';

export type { TaskRow } from './task-rows.js';

/** What {@link TaskStore.transition} did. */
export type TransitionOutcome = 'moved' | 'same' | 'raced';

export type TaskPatch = Partial<Omit<TaskRow, 'id' | 'state' | 'created_at' | 'updated_at'>>;

export type { StateEventData } from '../../shared/journal-event.js';

const TASK_COLUMNS = [
  'title',
  'agent',
  'branch',
  'worktree',
  'base',
  'priority',
  'spec_hash',
  'budget_tokens',
  'budget_usd',
  'session_id',
  'port',
  'cycle',
  'verified_commit',
  'host',
] as const;

export class TaskStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  get(id: string): TaskRow | undefined {
    const row = this.db.prepare('SELECT * FROM tasks WHERE id = ?').get(id) as TaskRow | undefined;
    if (row) TaskStateSchema.parse(row.state);
    return row;
  }

  require(id: string): TaskRow {
    const row = this.get(id);
    if (!row)
      throw new GroveError('TASK_NOT_FOUND', `no task "${id}" in the grove state`, {
        hint: 'run `grove plan` to load the task files',
      });
    return row;
  }

  list(): TaskRow[] {
    return listTaskRows(this.db);
  }

  /** Creates the task in `initial` state (recording the transition with `cause`) or updates its fields. */
  upsert(
    id: string,
    fields: TaskPatch & { title: string },
    initial: TaskState = 'planned',
    cause = 'task loaded from spec',
  ): TaskRow {
    return writeTx(this.db, () => {
      const existing = this.get(id);
      const at = this.now();
      if (!existing) {
        this.db
          .prepare('INSERT INTO tasks (id, title, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
          .run(id, fields.title, initial, at, at);
        this.appendEvent(id, { type: 'state', data: { from: null, to: initial, cause } });
      }
      this.patchUnlocked(id, fields);
      return this.require(id);
    });
  }

  patch(id: string, fields: TaskPatch): TaskRow {
    return writeTx(this.db, () => {
      this.patchUnlocked(id, fields);
      return this.require(id);
    });
  }

  /**
   * Moves a task to `to`, recording the transition with its cause. The transition table
   * (src/shared/task-state-machine.ts) is the only door: an edge it does not list throws
   * STATE_INVALID and writes nothing. Returns what happened:
   * - `moved`: the state changed and the journal holds the event;
   * - `same`: the task already was in `to`; nothing written;
   * - `raced`: with `expectFrom`, the task had meanwhile left those states (two processes racing to
   *   move the same task cannot both win); nothing written.
   */
  transition(
    id: string,
    to: TaskState,
    cause: string,
    options: { expectFrom?: readonly TaskState[]; data?: StateEventExtras } = {},
  ): TransitionOutcome {
    return writeTx(this.db, () => {
      const current = this.require(id);
      if (options.expectFrom && !options.expectFrom.includes(current.state)) return 'raced';
      const check = assertTransition(current.state, to);
      switch (check.kind) {
        case 'same':
          return 'same';
        case 'invalid':
          throw new GroveError('STATE_INVALID', `task ${id}: ${check.message}`, {
            hint: `refused move for "${cause}"; see \`grove events ${id}\` for how it got here`,
          });
        case 'ok':
          break;
      }
      this.db.prepare('UPDATE tasks SET state = ?, updated_at = ? WHERE id = ?').run(to, this.now(), id);
      this.appendEvent(id, { type: 'state', data: { ...options.data, from: current.state, to, cause } });
      return 'moved';
    });
  }

  /** Appends a typed journal event (src/shared/journal-event.ts); returns its row id. */
  appendEvent(taskId: string | null, event: JournalEvent): number {
    return appendJournalRow(this.db, { at: this.now(), taskId, ...event });
  }

  /** The task's state events, oldest first; a row that does not parse as one is skipped. */
  stateHistory(id: string): Array<{ id: number; at: number } & StateEventData> {
    const rows = this.db
      .prepare("SELECT id, at, data FROM events WHERE task_id = ? AND type = 'state' ORDER BY id")
      .all(id) as Array<{ id: number; at: number; data: string }>;
    return rows.flatMap((r) => {
      const event = parseJournalEvent('state', r.data);
      return event.type === 'state' ? [{ id: r.id, at: r.at, ...event.data }] : [];
    });
  }

  private patchUnlocked(id: string, fields: TaskPatch): void {
    const keys = TASK_COLUMNS.filter((k) => fields[k] !== undefined);
    if (keys.length === 0) return;
    const sets = keys.map((k) => `${k} = @${k}`).join(', ');
    const params: Record<string, unknown> = { id, updated_at: this.now() };
    for (const k of keys) params[k] = fields[k];
    this.db.prepare(`UPDATE tasks SET ${sets}, updated_at = @updated_at WHERE id = @id`).run(params);
  }
}
