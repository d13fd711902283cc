import { classifyGone } from '../../core/conflicts/gone.js';
import { GroveError } from '../../shared/errors.js';
import { appendEvent } from './append-event.js';
import type { Db } from './open.js';
import { writeTx } from './open.js';

// Rows are checked by hand, not with zod: `grove conflicts` reads every stored conflict on each check
// and loads no schema library (a row only ever comes from `replace` below, through the migrations).

export type ConflictAgainst = 'task' | 'base';

/** One predicted conflict: two task branches (`a` < `b`), or task `a` against the base branch `b`. */
export interface ConflictPair {
  a: string;
  b: string;
  against: ConflictAgainst;
  files: string[];
  aTip: string;
  bTip: string;
}

export interface ConflictRow extends ConflictPair {
  firstSeen: number;
  lastSeen: number;
}

/** Something a prediction could not check (a deleted branch, unrelated histories). */
export interface ConflictProblem {
  task: string;
  kind: 'missing-ref' | 'unrelated';
  message: string;
}

export interface ConflictCheckRow {
  id: number;
  at: number;
  durationMs: number;
  tasks: string[];
  pairs: number;
  conflicts: number;
  problems: ConflictProblem[];
}

/** A row of `table` that is not what `replace` writes: the database was changed by something else. */
function malformed(table: string, what: string): GroveError {
  return new GroveError('DB_FAILED', `a row of the ${table} table is malformed: ${what}`, {
    hint: 'the grove state database was changed outside grove: delete that row (the next `grove conflicts` predicts it again)',
  });
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number';
const isInt = (v: unknown): v is number => Number.isInteger(v);

/** `text` as a JSON list of strings (a stored `files` or `tasks` column). */
function stringList(table: string, column: string, text: unknown): string[] {
  const list: unknown = isString(text) ? JSON.parse(text) : undefined;
  if (!Array.isArray(list) || !list.every(isString))
    throw malformed(table, `${column} is not a list of strings`);
  return list;
}

function problemList(text: unknown): ConflictProblem[] {
  const list: unknown = isString(text) ? JSON.parse(text) : undefined;
  const isProblem = (p: unknown): p is ConflictProblem => {
    const o = p as Partial<Record<keyof ConflictProblem, unknown>> | null;
    return (
      typeof o === 'object' &&
      o !== null &&
      isString(o.task) &&
      (o.kind === 'missing-ref' || o.kind === 'unrelated') &&
      isString(o.message)
    );
  };
  if (!Array.isArray(list) || !list.every(isProblem))
    throw malformed('conflict_checks', 'problems is not a list of problems');
  return list;
}

function conflictRow(raw: Record<string, unknown>): ConflictRow {
  const { a, b, against, a_tip, b_tip, first_seen, last_seen } = raw;
  if (!isString(a) || !isString(b) || !isString(a_tip) || !isString(b_tip))
    throw malformed('conflicts', 'a, b, a_tip and b_tip must be text');
  if (against !== 'task' && against !== 'base') throw malformed('conflicts', `against is ${String(against)}`);
  if (!isNumber(first_seen) || !isNumber(last_seen))
    throw malformed('conflicts', 'first_seen and last_seen must be numbers');
  const files = stringList('conflicts', 'files', raw.files);
  return { a, b, against, files, aTip: a_tip, bTip: b_tip, firstSeen: first_seen, lastSeen: last_seen };
}

function checkRow(raw: Record<string, unknown>): ConflictCheckRow {
  const { id, at, duration_ms, pairs, conflicts } = raw;
  if (!isInt(id) || !isNumber(at) || !isNumber(duration_ms) || !isInt(pairs) || !isInt(conflicts))
    throw malformed('conflict_checks', 'id, at, duration_ms, pairs and conflicts must be numbers');
  const tasks = stringList('conflict_checks', 'tasks', raw.tasks);
  return { id, at, durationMs: duration_ms, tasks, pairs, conflicts, problems: problemList(raw.problems) };
}

const key = (p: Pick<ConflictPair, 'a' | 'b' | 'against'>): string => `${p.against}\0${p.a}\0${p.b}`;

/** Whether a stored conflict already says what `p` says (same tips, same files in the same order). */
function samePrediction(row: ConflictPair, p: ConflictPair): boolean {
  return (
    row.aTip === p.aTip &&
    row.bTip === p.bTip &&
    row.files.length === p.files.length &&
    row.files.every((f, i) => f === p.files[i])
  );
}

/**
 * The conflicts predicted by the last check. `replace` swaps in a new prediction in one transaction
 * and journals each change (type 'conflict', phase 'new', 'resolved', or 'moved' when a task ↔ task
 * conflict is now one side's against the base: the other landed), so the journal says when two branches
 * started and stopped conflicting.
 */
export class ConflictStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  replace(
    found: readonly ConflictPair[],
    check: {
      durationMs: number;
      tasks: readonly string[];
      pairs: number;
      problems: readonly ConflictProblem[];
    },
  ): { added: ConflictRow[]; resolved: ConflictRow[]; moved: ConflictRow[]; current: ConflictRow[] } {
    return writeTx(this.db, () => {
      const at = this.now();
      const before = new Map(this.list().map((r) => [key(r), r]));
      const added: ConflictRow[] = [];
      const current: ConflictRow[] = [];
      let unchanged = 0;
      const upsert = this.db.prepare(
        `INSERT INTO conflicts (a, b, against, files, a_tip, b_tip, first_seen, last_seen)
         VALUES (@a, @b, @against, @files, @aTip, @bTip, @at, @at)
         ON CONFLICT (against, a, b) DO UPDATE SET files = excluded.files, a_tip = excluded.a_tip,
           b_tip = excluded.b_tip, last_seen = excluded.last_seen`,
      );
      for (const p of found) {
        const old = before.get(key(p));
        // An unchanged row is left as it is (its last_seen moves below, with every other kept row).
        if (!old || !samePrediction(old, p)) upsert.run({ ...p, files: JSON.stringify(p.files), at });
        else unchanged++;
        before.delete(key(p));
        const row: ConflictRow = { ...p, firstSeen: old?.firstSeen ?? at, lastSeen: at };
        current.push(row);
        if (!old) {
          added.push(row);
          appendEvent(this.db, {
            at,
            taskId: p.a,
            type: 'conflict',
            data: { phase: 'new', a: p.a, b: p.b, against: p.against, files: p.files },
          });
        }
      }
      const gone = classifyGone([...before.values()], added);
      const remove = this.db.prepare('DELETE FROM conflicts WHERE against = ? AND a = ? AND b = ?');
      for (const g of gone) {
        const r = g.pair;
        remove.run(r.against, r.a, r.b);
        appendEvent(this.db, {
          at,
          taskId: r.a,
          type: 'conflict',
          data:
            g.kind === 'moved'
              ? {
                  phase: 'moved',
                  a: r.a,
                  b: r.b,
                  against: r.against,
                  files: r.files,
                  movedTo: { a: g.to.a, b: g.to.b, against: g.to.against },
                }
              : { phase: 'resolved', a: r.a, b: r.b, against: r.against, files: r.files },
        });
      }
      if (unchanged > 0) this.db.prepare('UPDATE conflicts SET last_seen = ?').run(at);
      const resolved = gone.flatMap((g) => (g.kind === 'resolved' ? [g.pair] : []));
      const moved = gone.flatMap((g) => (g.kind === 'moved' ? [g.pair] : []));
      this.db
        .prepare(
          'INSERT INTO conflict_checks (at, duration_ms, tasks, pairs, conflicts, problems) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(
          at,
          Math.round(check.durationMs),
          JSON.stringify(check.tasks),
          check.pairs,
          found.length,
          JSON.stringify(check.problems),
        );
      return { added, resolved, moved, current };
    });
  }

  /** The conflicts predicted now, pairs of tasks first, by task id. */
  list(): ConflictRow[] {
    const rows = this.db.prepare('SELECT * FROM conflicts ORDER BY against DESC, a, b').all();
    return rows.map((raw) => conflictRow(raw as Record<string, unknown>));
  }

  /** The latest check, if any ran. */
  lastCheck(): ConflictCheckRow | undefined {
    const raw = this.db.prepare('SELECT * FROM conflict_checks ORDER BY id DESC LIMIT 1').get();
    return raw === undefined ? undefined : checkRow(raw as Record<string, unknown>);
  }
}
