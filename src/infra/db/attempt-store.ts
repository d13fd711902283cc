import type { AgentEvent } from '../../shared/agent-event.js';
import type { AdapterKind } from '../../shared/config.js';
import { GroveError } from '../../shared/errors.js';
import { appendEvent, appendEvents } from './append-event.js';
import type { AttemptKind, AttemptRow } from './attempt-row.js';
import { AttemptRowSchema } from './attempt-row.js';
import type { Db } from './open.js';
import { writeTx } from './open.js';
import { prepared } from './prepared.js';
import type { JournalData } from '../../shared/journal-event.js';

export type { AttemptKind, AttemptRow } from './attempt-row.js';
export { ATTEMPT_KINDS } from './attempt-row.js';

export type AttemptStream = 'stdout' | 'stderr';

/** What `ingest` did: `stale` means another reader already got past `fromOffset`; nothing was written. */
export type IngestResult = { kind: 'ingested'; events: number } | { kind: 'stale'; offset: number };

type IngestRow = Pick<AttemptRow, 'id' | 'task_id' | 'stdout_offset' | 'stderr_offset' | 'last_output_at'>;

/** The journal payload of an agent event (type 'agent'; src/shared/journal-event.ts). */
export type AgentJournalData = JournalData<'agent'>;

/**
 * Agent attempts: one row per agent process run for a task. Everything read from an attempt's output
 * goes through `ingest`, which stores the events, counts usage and advances the read offset in one
 * transaction, so a crash or a second reader never counts a line twice.
 */
export class AttemptStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  create(a: {
    taskId: string;
    kind: AttemptKind;
    agent: string;
    adapter: AdapterKind;
    sessionId?: string;
    logDir: string;
    /** The config host it runs on; absent or null: this machine. */
    host?: string | null;
  }): AttemptRow {
    return writeTx(this.db, () => {
      const { next } = prepared(
        this.db,
        'SELECT COALESCE(MAX(n), 0) + 1 AS next FROM attempts WHERE task_id = ?',
      ).get(a.taskId) as { next: number };
      const at = this.now();
      const info = prepared(
        this.db,
        `INSERT INTO attempts (task_id, n, kind, agent, adapter, session_id, started_at, log_dir, host)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(a.taskId, next, a.kind, a.agent, a.adapter, a.sessionId ?? null, at, a.logDir, a.host ?? null);
      const id = Number(info.lastInsertRowid);
      appendEvent(this.db, {
        at,
        taskId: a.taskId,
        type: 'attempt',
        attemptId: id,
        data: {
          attemptId: id,
          n: next,
          kind: a.kind,
          agent: a.agent,
          adapter: a.adapter,
          ...(a.host ? { host: a.host } : {}),
          phase: 'started',
        },
      });
      return this.require(id);
    });
  }

  setProcess(id: number, pid: number, processStart: string): void {
    this.update(id, 'UPDATE attempts SET pid = ?, process_start = ? WHERE id = ?', pid, processStart, id);
  }

  /** Records the agent's session id on the attempt and on its task (the fix loop resumes it). */
  setSession(id: number, sessionId: string): void {
    writeTx(this.db, () => {
      const row = this.require(id);
      prepared(this.db, 'UPDATE attempts SET session_id = ? WHERE id = ?').run(sessionId, id);
      prepared(this.db, 'UPDATE tasks SET session_id = ? WHERE id = ?').run(sessionId, row.task_id);
    });
  }

  get(id: number): AttemptRow | undefined {
    const row = prepared(this.db, 'SELECT * FROM attempts WHERE id = ?').get(id);
    return row === undefined ? undefined : AttemptRowSchema.parse(row);
  }

  require(id: number): AttemptRow {
    const row = this.get(id);
    if (!row) throw missingAttempt(id);
    return row;
  }

  listForTask(taskId: string): AttemptRow[] {
    return this.parseAll(
      prepared(this.db, 'SELECT * FROM attempts WHERE task_id = ? ORDER BY n').all(taskId),
    );
  }

  latestForTask(taskId: string): AttemptRow | undefined {
    const row = prepared(this.db, 'SELECT * FROM attempts WHERE task_id = ? ORDER BY n DESC LIMIT 1').get(
      taskId,
    );
    return row === undefined ? undefined : AttemptRowSchema.parse(row);
  }

  /** Attempts with no end recorded: after a restart, each is re-adopted or marked lost. */
  listUnfinished(): AttemptRow[] {
    return this.parseAll(
      prepared(this.db, 'SELECT * FROM attempts WHERE ended_at IS NULL ORDER BY id').all(),
    );
  }

  /**
   * ONE transaction: stores the events in the journal (type 'agent'), counts usage once per
   * (attempt, messageId) (usage without a messageId always counts; repeated copies keep the largest
   * figures), records a session id and a reported total cost, advances the stream's offset to
   * `newOffset` and sets `last_output_at`. A crash keeps all of it or none.
   *
   * With `fromOffset` (the offset the caller started reading at), the write happens only if the stored
   * offset still equals it; otherwise nothing is written and `stale` is returned. Without it, an
   * offset that would move backwards is `stale` too.
   */
  ingest(
    attemptId: number,
    stream: AttemptStream,
    newOffset: number,
    events: AgentEvent[],
    options: { fromOffset?: number } = {},
  ): IngestResult {
    return writeTx(this.db, () => {
      // The hot path: read only what ingest needs (no full-row validation).
      const row = prepared(
        this.db,
        'SELECT id, task_id, stdout_offset, stderr_offset, last_output_at FROM attempts WHERE id = ?',
      ).get(attemptId) as IngestRow | undefined;
      if (!row) throw missingAttempt(attemptId);
      const current = stream === 'stdout' ? row.stdout_offset : row.stderr_offset;
      const stale = options.fromOffset !== undefined ? options.fromOffset !== current : newOffset < current;
      if (stale) return { kind: 'stale', offset: current };
      const at = this.now();
      appendEvents(
        this.db,
        events.map((event) => ({
          at,
          taskId: row.task_id,
          type: 'agent' as const,
          attemptId,
          data: { attemptId, stream, event } satisfies AgentJournalData,
        })),
      );
      for (const event of events) this.apply(row, event, at);
      const column = stream === 'stdout' ? 'stdout_offset' : 'stderr_offset';
      const touched = events.length > 0 || newOffset !== current;
      prepared(this.db, `UPDATE attempts SET ${column} = ?, last_output_at = ? WHERE id = ?`).run(
        newOffset,
        touched ? at : row.last_output_at,
        attemptId,
      );
      return { kind: 'ingested', events: events.length };
    });
  }

  /**
   * Runs `fn` in one write transaction: the `ingest` calls it makes become savepoints inside it, so a
   * monitor pass over many attempts commits once (each ingest still keeps all of its part or none).
   */
  batch<T>(fn: () => T): T {
    return writeTx(this.db, fn);
  }

  /**
   * ONE transaction: the reflection turn grove ran in this attempt's session after its gates passed
   * (src/app/run/reflection.ts), journaled (type `reflection`), and its tokens and cost counted with the
   * attempt's, so they count in the task's budget and the reports. Its events are not stored as the
   * attempt's own: the attempt's result and summary stay what the agent reported for the work.
   */
  recordReflection(
    attemptId: number,
    data: Omit<JournalData<'reflection'>, 'attemptId' | 'n'>,
    events: AgentEvent[],
  ): void {
    writeTx(this.db, () => {
      const row = this.require(attemptId);
      const at = this.now();
      let reportedCost: number | undefined;
      for (const [i, event] of events.entries()) {
        if (event.kind === 'finished' && event.costUsd !== undefined) reportedCost = event.costUsd;
        if (event.kind !== 'usage') continue;
        this.storeUsage(row, `reflection:${at}:${event.messageId ?? i}`, at, event);
      }
      // The turn's reported cost adds to the attempt's (the larger of priced and reported is its cost).
      if (reportedCost !== undefined && row.reported_cost_usd !== null)
        prepared(this.db, 'UPDATE attempts SET reported_cost_usd = reported_cost_usd + ? WHERE id = ?').run(
          reportedCost,
          row.id,
        );
      else if (reportedCost !== undefined)
        prepared(
          this.db,
          `INSERT INTO usage (attempt_id, task_id, message_id, at, input, output, cache_read, cache_write, cost_usd)
             VALUES (?, ?, ?, ?, 0, 0, 0, 0, ?)`,
        ).run(row.id, row.task_id, `reflection:${at}:cost`, at, reportedCost);
      appendEvent(this.db, {
        at,
        taskId: row.task_id,
        type: 'reflection',
        attemptId: row.id,
        data: { attemptId: row.id, n: row.n, ...data },
      });
    });
  }

  /** Records how the attempt ended. Only the first call counts: returns false if it had ended already. */
  finish(id: number, r: { exitCode: number | null; signal: string | null; outcome: string }): boolean {
    return writeTx(this.db, () => {
      const row = this.require(id);
      if (row.ended_at !== null) return false;
      const at = this.now();
      prepared(
        this.db,
        'UPDATE attempts SET ended_at = ?, exit_code = ?, signal = ?, outcome = ? WHERE id = ?',
      ).run(at, r.exitCode, r.signal, r.outcome, id);
      appendEvent(this.db, {
        at,
        taskId: row.task_id,
        type: 'attempt',
        attemptId: id,
        data: { attemptId: id, n: row.n, phase: 'ended', ...r },
      });
      return true;
    });
  }

  /** One usage row; the same message seen again keeps the larger of each count (Claude repeats it per block). */
  private storeUsage(
    row: Pick<IngestRow, 'id' | 'task_id'>,
    messageId: string | null,
    at: number,
    event: Extract<AgentEvent, { kind: 'usage' }>,
  ): void {
    prepared(
      this.db,
      `INSERT INTO usage (attempt_id, task_id, message_id, at, input, output, cache_read, cache_write, cost_usd)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (attempt_id, message_id) DO UPDATE SET
           input = max(input, excluded.input), output = max(output, excluded.output),
           cache_read = max(cache_read, excluded.cache_read),
           cache_write = max(cache_write, excluded.cache_write),
           cost_usd = max(cost_usd, excluded.cost_usd)`,
    ).run(
      row.id,
      row.task_id,
      messageId,
      at,
      event.input,
      event.output,
      event.cacheRead,
      event.cacheWrite,
      event.costUsd ?? 0,
    );
  }

  private apply(row: IngestRow, event: AgentEvent, at: number): void {
    switch (event.kind) {
      case 'usage':
        this.storeUsage(row, event.messageId ?? null, at, event);
        return;
      case 'session':
        prepared(this.db, 'UPDATE attempts SET session_id = ?, model = COALESCE(?, model) WHERE id = ?').run(
          event.sessionId,
          event.model ?? null,
          row.id,
        );
        prepared(this.db, 'UPDATE tasks SET session_id = ? WHERE id = ?').run(event.sessionId, row.task_id);
        return;
      case 'finished':
        if (event.costUsd !== undefined)
          prepared(this.db, 'UPDATE attempts SET reported_cost_usd = ? WHERE id = ?').run(
            event.costUsd,
            row.id,
          );
        return;
      case 'message':
      case 'tool_call':
      case 'tool_result':
      case 'error':
        return;
    }
  }

  private update(id: number, sql: string, ...params: unknown[]): void {
    const info = prepared(this.db, sql).run(...params);
    if (info.changes === 0) this.require(id);
  }

  private parseAll(rows: unknown[]): AttemptRow[] {
    return rows.map((r) => AttemptRowSchema.parse(r));
  }
}

function missingAttempt(id: number): GroveError {
  return new GroveError('STATE_INVALID', `no agent attempt with id ${id} in the grove state`);
}
