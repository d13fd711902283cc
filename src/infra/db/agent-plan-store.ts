import { z } from 'zod';
import type { Db } from './open.js';

const AgentPlanRowSchema = z.object({
  attempt_id: z.number().int(),
  task_id: z.string(),
  /** The worktree when the plan turn started: its HEAD and a snapshot tree of every file. */
  base_head: z.string(),
  base_tree: z.string(),
  started_at: z.number(),
  /** The plan the agent wrote; null while the turn runs, or when it ended without one. */
  plan: z.string().nullable(),
  ended_at: z.number().nullable(),
});
export type AgentPlanRow = z.infer<typeof AgentPlanRowSchema>;

/** The plan turns of tasks with `agent_plan` (one row per attempt run in plan-only mode). */
export class AgentPlanStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records that `attemptId` is a plan turn, with the worktree it started from. */
  begin(input: { attemptId: number; taskId: string; baseHead: string; baseTree: string }): void {
    this.db
      .prepare(
        'INSERT INTO agent_plans (attempt_id, task_id, base_head, base_tree, started_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(input.attemptId, input.taskId, input.baseHead, input.baseTree, this.now());
  }

  /** The plan turn run by this attempt; undefined when the attempt was no plan turn. */
  forAttempt(attemptId: number): AgentPlanRow | undefined {
    const row = this.db.prepare('SELECT * FROM agent_plans WHERE attempt_id = ?').get(attemptId);
    return row === undefined ? undefined : AgentPlanRowSchema.parse(row);
  }

  /** Stores the plan a turn wrote (or null: it wrote none) once the turn ended. */
  end(attemptId: number, plan: string | null): void {
    this.db
      .prepare('UPDATE agent_plans SET plan = ?, ended_at = ? WHERE attempt_id = ?')
      .run(plan, this.now(), attemptId);
  }

  /** The latest plan the task's agent wrote (the one a plan review looks at); undefined when none. */
  latestPlan(taskId: string): AgentPlanRow | undefined {
    const row = this.db
      .prepare(
        'SELECT * FROM agent_plans WHERE task_id = ? AND plan IS NOT NULL ORDER BY attempt_id DESC LIMIT 1',
      )
      .get(taskId);
    return row === undefined ? undefined : AgentPlanRowSchema.parse(row);
  }

  /** How many plans the task's agent wrote (1 for the first; each revision adds one). */
  countPlans(taskId: string): number {
    const row = this.db
      .prepare('SELECT COUNT(*) AS n FROM agent_plans WHERE task_id = ? AND plan IS NOT NULL')
      .get(taskId) as { n: number };
    return row.n;
  }
}
