// Replays the state histories a test journaled and names every edge the transition table does not list
// (issue 16: "a test replays every state history that the whole test suite journals"). The helpers that
// own a state database (makeTempRepo, makeTempDb, makeDashboardFixture) run it right before cleanup.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { Db } from '../../src/infra/db/open.js';
import { canTransition } from '../../src/shared/task-state-machine.js';
import { TaskStateSchema } from '../../src/shared/task-state.js';
import type { TaskState } from '../../src/shared/task-state.js';

/** One row of the `events` table with type 'state', as stored. */
export interface StateEventRow {
  id: number;
  task_id: string | null;
  data: string;
}

export interface IllegalEdge {
  taskId: string | null;
  eventId: number;
  from: TaskState | null;
  to: string;
  why: string;
}

type Parsed = { from: TaskState | null; to: TaskState } | { bad: string; from: null; to: string };

function parse(data: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { bad: 'data is not JSON', from: null, to: '?' };
  }
  const v = (value ?? {}) as { from?: unknown; to?: unknown };
  const to = TaskStateSchema.safeParse(v.to);
  const from = v.from === null ? { success: true as const, data: null } : TaskStateSchema.safeParse(v.from);
  if (!to.success || !from.success)
    return { bad: `not a state move: ${data}`, from: null, to: typeof v.to === 'string' ? v.to : '?' };
  return { from: from.data, to: to.data };
}

/**
 * Every state event that is not a legal step, in journal order. Per task, the first event may come
 * from null (the creation edge: TaskStore.upsert writes any initial state); each later event must
 * start where the previous one ended (no unjournaled move between them) and be an edge of the table.
 */
export function illegalEdges(rows: readonly StateEventRow[]): IllegalEdge[] {
  const found: IllegalEdge[] = [];
  const last = new Map<string | null, TaskState>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    const p = parse(row.data);
    const at = { taskId: row.task_id, eventId: row.id, from: p.from, to: p.to };
    const before = last.get(row.task_id);
    if ('bad' in p) found.push({ ...at, why: p.bad });
    else if (p.from === null) {
      if (before !== undefined) found.push({ ...at, why: `created again while ${before}` });
    } else if (before !== undefined && before !== p.from)
      found.push({ ...at, why: `the journal left it ${before}: a move was not journaled` });
    else if (!canTransition(p.from, p.to))
      found.push({ ...at, why: 'the transition table has no such edge' });
    if (!('bad' in p)) last.set(row.task_id, p.to);
  }
  return found;
}

export function readStateEvents(db: Db): StateEventRow[] {
  return db
    .prepare("SELECT id, task_id, data FROM events WHERE type = 'state' ORDER BY id")
    .all() as StateEventRow[];
}

/** The illegal edges in the database file at `path`; none when it is absent or not a grove database. */
export function illegalEdgesInFile(path: string): IllegalEdge[] {
  if (!existsSync(path)) return [];
  let db: Db | undefined;
  try {
    db = new Database(path, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return illegalEdges(readStateEvents(db));
  } catch (error) {
    // A test that corrupts its database on purpose, or one from before the events table.
    const e = error as { code?: string; message?: string };
    if (e.code === 'SQLITE_NOTADB' || e.code === 'SQLITE_CORRUPT' || /no such table/.test(e.message ?? ''))
      return [];
    throw error;
  } finally {
    db?.close();
  }
}

export function describeIllegalEdges(where: string, edges: readonly IllegalEdge[]): string {
  const lines = edges.map(
    (e) => `  task ${e.taskId ?? '(none)'} event #${e.eventId}: ${e.from ?? 'null'} → ${e.to}: ${e.why}`,
  );
  return `illegal state history in ${where} (${edges.length}):\n${lines.join('\n')}`;
}

/**
 * Runs `cleanup` and then fails if `audit` found illegal edges, so a failing audit never leaks the
 * temp folder it names.
 */
export function auditThenCleanup(where: string, audit: () => IllegalEdge[], cleanup: () => void): void {
  const edges = audit();
  cleanup();
  if (edges.length > 0) throw new Error(describeIllegalEdges(where, edges));
}
