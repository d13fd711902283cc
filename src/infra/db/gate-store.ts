import { z } from 'zod';
import { appendEvent } from './append-event.js';
import type { Db } from './open.js';
import { writeTx } from './open.js';

/** One gate run; SQLite's 0/1 integers become booleans here. */
export const GateRunRowSchema = z.object({
  id: z.number().int(),
  task_id: z.string(),
  attempt_id: z.number().int().nullable(),
  gate: z.string(),
  command: z.string(),
  ok: z.union([z.boolean(), z.number()]).transform(Boolean),
  exit_code: z.number().int().nullable(),
  timed_out: z.union([z.boolean(), z.number()]).transform(Boolean),
  duration_ms: z.number(),
  output_tail: z.string(),
  output_path: z.string().nullable(),
  fingerprint: z.string().nullable(),
  /** The commit (worktree HEAD) the gate looked at; null for queue runs and older rows. */
  commit_sha: z.string().nullable(),
  /** The git tree a command gate tested (a clean worktree or a queue candidate); null otherwise. */
  tree_sha: z.string().nullable().default(null),
  /** Which environment the command saw (see src/core/verify/gate-reuse.ts); null with no tree. */
  env_key: z.string().nullable().default(null),
  /** A run that did not execute: the pass of this earlier run on the same tree was reused. */
  reused_from: z.number().int().nullable().default(null),
  at: z.number(),
});
export type GateRunRow = z.infer<typeof GateRunRowSchema>;

export type GateRunInput = Omit<
  GateRunRow,
  'id' | 'at' | 'commit_sha' | 'tree_sha' | 'env_key' | 'reused_from'
> & {
  commit_sha?: string | null;
  tree_sha?: string | null;
  env_key?: string | null;
  reused_from?: number | null;
};

/** Gate results per task; each record is also journaled (type 'gate', without the output tail). */
export class GateStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  record(input: GateRunInput): GateRunRow {
    const r = {
      ...input,
      commit_sha: input.commit_sha ?? null,
      tree_sha: input.tree_sha ?? null,
      env_key: input.env_key ?? null,
      reused_from: input.reused_from ?? null,
    };
    return writeTx(this.db, () => {
      const at = this.now();
      const info = this.db
        .prepare(
          `INSERT INTO gate_runs (task_id, attempt_id, gate, command, ok, exit_code, timed_out, duration_ms,
             output_tail, output_path, fingerprint, commit_sha, tree_sha, env_key, reused_from, at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          r.task_id,
          r.attempt_id,
          r.gate,
          r.command,
          r.ok ? 1 : 0,
          r.exit_code,
          r.timed_out ? 1 : 0,
          r.duration_ms,
          r.output_tail,
          r.output_path,
          r.fingerprint,
          r.commit_sha,
          r.tree_sha,
          r.env_key,
          r.reused_from,
          at,
        );
      const id = Number(info.lastInsertRowid);
      const { output_tail: _tail, ...summary } = r;
      appendEvent(this.db, {
        at,
        taskId: r.task_id,
        type: 'gate',
        attemptId: r.attempt_id,
        data: { gateRunId: id, ...summary },
      });
      return { ...r, id, at };
    });
  }

  get(id: number): GateRunRow | undefined {
    const row = this.db.prepare('SELECT * FROM gate_runs WHERE id = ?').get(id);
    return row === undefined ? undefined : GateRunRowSchema.parse(row);
  }

  /**
   * The newest run that really ran `command` on `tree` in environment `envKey` and passed (a reused
   * run points at one of these, so it is never the source itself).
   */
  passOnTree(tree: string, command: string, envKey: string): GateRunRow | undefined {
    const row = this.db
      .prepare(
        `SELECT * FROM gate_runs WHERE tree_sha = ? AND command = ? AND ok = 1 AND env_key = ?
           AND reused_from IS NULL ORDER BY id DESC LIMIT 1`,
      )
      .get(tree, command, envKey);
    return row === undefined ? undefined : GateRunRowSchema.parse(row);
  }

  /** The runs no longer say what tree they tested (the worktree moved while they ran). */
  forgetTrees(ids: readonly number[]): void {
    if (ids.length === 0) return;
    const stmt = this.db.prepare('UPDATE gate_runs SET tree_sha = NULL WHERE id = ?');
    writeTx(this.db, () => {
      for (const id of ids) stmt.run(id);
    });
  }

  /** Every run for the task, oldest first (the fix loop and stuck detection read the fingerprints). */
  listForTask(taskId: string): GateRunRow[] {
    return this.parse(this.db.prepare('SELECT * FROM gate_runs WHERE task_id = ? ORDER BY id').all(taskId));
  }

  listForAttempt(attemptId: number): GateRunRow[] {
    return this.parse(
      this.db.prepare('SELECT * FROM gate_runs WHERE attempt_id = ? ORDER BY id').all(attemptId),
    );
  }

  /** The newest run of each gate for the task, in the order those runs happened. */
  latestByGate(taskId: string): GateRunRow[] {
    return this.parse(
      this.db
        .prepare(
          `SELECT * FROM gate_runs WHERE id IN (SELECT MAX(id) FROM gate_runs WHERE task_id = ? GROUP BY gate)
           ORDER BY id`,
        )
        .all(taskId),
    );
  }

  /** Every run, oldest first (cycle reports: pass rates per gate). */
  listAll(): GateRunRow[] {
    return this.parse(this.db.prepare('SELECT * FROM gate_runs ORDER BY id').all());
  }

  private parse(rows: unknown[]): GateRunRow[] {
    return rows.map((r) => GateRunRowSchema.parse(r));
  }
}
