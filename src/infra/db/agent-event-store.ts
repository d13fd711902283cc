import type { z } from 'zod';
import type { AgentEvent } from '../../shared/agent-event.js';
import { AgentJournalDataSchema } from '../../shared/journal-event.js';
import { GroveError } from '../../shared/errors.js';
import type { Db } from './open.js';

export interface StoredAgentEvent {
  id: number;
  at: number;
  attemptId: number;
  event: AgentEvent;
}

/** The read side of agent events (journal rows of type 'agent'), validated on the way out. */
export class AgentEventStore {
  constructor(private readonly db: Db) {}

  /** A task's agent events, oldest first; `afterId` pages forward, `limit` caps the page. */
  list(
    taskId: string,
    opts: { attemptId?: number; afterId?: number; limit?: number } = {},
  ): StoredAgentEvent[] {
    const where = ["type = 'agent'", 'task_id = ?', 'id > ?'];
    const params: unknown[] = [taskId, opts.afterId ?? 0];
    if (opts.attemptId !== undefined) {
      where.push('attempt_id = ?');
      params.push(opts.attemptId);
    }
    params.push(opts.limit ?? -1);
    const rows = this.db
      .prepare(`SELECT id, at, data FROM events WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`)
      .all(...params) as Array<{ id: number; at: number; data: string }>;
    return rows.map(toStored);
  }

  /** The newest `limit` agent events of a task, oldest first (the dashboard's live view). */
  tail(taskId: string, limit: number): StoredAgentEvent[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM (SELECT id, at, data FROM events WHERE type = 'agent' AND task_id = ?
           ORDER BY id DESC LIMIT ?) ORDER BY id`,
      )
      .all(taskId, limit) as Array<{ id: number; at: number; data: string }>;
    return rows.map(toStored);
  }

  /** The newest event of `kind` an attempt produced (e.g. its `finished` event, after a restart). */
  latestOfKind(attemptId: number, kind: AgentEvent['kind']): StoredAgentEvent | undefined {
    const row = this.db
      .prepare(
        `SELECT id, at, data FROM events WHERE attempt_id = ? AND type = 'agent'
           AND json_extract(data, '$.event.kind') = ? ORDER BY id DESC LIMIT 1`,
      )
      .get(attemptId, kind) as { id: number; at: number; data: string } | undefined;
    return row === undefined ? undefined : toStored(row);
  }

  /** Every file the task's agents named in a tool call, in order of first mention, without repeats. */
  filesTouched(taskId: string): string[] {
    const rows = this.db
      .prepare(
        `SELECT f.value AS file FROM events e, json_each(e.data, '$.event.files') f
         WHERE e.type = 'agent' AND e.task_id = ? AND json_extract(e.data, '$.event.kind') = 'tool_call'
         ORDER BY e.id, f.key`,
      )
      .all(taskId) as Array<{ file: unknown }>;
    const files = new Set<string>();
    for (const r of rows) if (typeof r.file === 'string') files.add(r.file);
    return [...files];
  }
}

function toStored(row: { id: number; at: number; data: string }): StoredAgentEvent {
  let parsed: z.infer<typeof AgentJournalDataSchema>;
  try {
    parsed = AgentJournalDataSchema.parse(JSON.parse(row.data));
  } catch (cause) {
    throw new GroveError('STATE_INVALID', `journal row ${row.id} is not a valid agent event`, {
      hint: 'the grove state database may have been edited by hand or by a different grove version',
      cause,
    });
  }
  return { id: row.id, at: row.at, attemptId: parsed.attemptId, event: parsed.event };
}
