import { z } from 'zod';
import type { SpecApproval, SpecHash } from '../../core/plan/approval.js';
import { planApproved, specApprovals } from '../../core/plan/approval.js';
import type { Db } from './open.js';
import { writeTx } from './open.js';

const ApprovalRowSchema = z.object({ id: z.number().int(), by: z.string(), at: z.number() });
const SpecRowSchema = z.object({ task_id: z.string(), file: z.string(), spec_hash: z.string() });

/** One plan approval: who, when, and the hash of each task spec it approved (task id → hash). */
export interface PlanApproval {
  id: number;
  by: string;
  at: number;
  specs: Map<string, string>;
}

/** What recording an approval did: approved the specs given, or nothing (all already approved). */
export type PlanApprovalRecord =
  | { kind: 'recorded'; approval: PlanApproval; before: SpecApproval[] }
  | { kind: 'unchanged'; approval: PlanApproval };

/** The lead's plan approvals (config `review.plan`), newest last. */
export class PlanApprovalStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** The approval that stands: the latest one; undefined when the plan was never approved. */
  latest(): PlanApproval | undefined {
    const row = this.db.prepare('SELECT * FROM plan_approvals ORDER BY id DESC LIMIT 1').get();
    if (row === undefined) return undefined;
    const approval = ApprovalRowSchema.parse(row);
    const specs = this.db
      .prepare('SELECT task_id, file, spec_hash FROM plan_approval_specs WHERE approval_id = ?')
      .all(approval.id)
      .map((r) => SpecRowSchema.parse(r));
    return { ...approval, specs: new Map(specs.map((s) => [s.task_id, s.spec_hash])) };
  }

  /**
   * Approves the plan as `specs` say it is now, unless the latest approval already holds every one of
   * them as it is (then nothing is written). One write transaction, with `journal` (what the approval
   * changed, to journal): two approvals at once record once.
   */
  approve(
    specs: readonly SpecHash[],
    by: string,
    journal: (approvalId: number, before: readonly SpecApproval[]) => void = () => undefined,
  ): PlanApprovalRecord {
    return writeTx(this.db, () => {
      const latest = this.latest();
      const before = specApprovals(specs, latest?.specs);
      if (latest && planApproved(before)) return { kind: 'unchanged', approval: latest };
      const info = this.db.prepare('INSERT INTO plan_approvals (by, at) VALUES (?, ?)').run(by, this.now());
      const id = Number(info.lastInsertRowid);
      const add = this.db.prepare(
        'INSERT INTO plan_approval_specs (approval_id, task_id, file, spec_hash) VALUES (?, ?, ?, ?)',
      );
      for (const s of specs) add.run(id, s.id, s.file, s.hash);
      journal(id, before);
      return { kind: 'recorded', approval: this.latest()!, before };
    });
  }
}
