import { m001Tasks } from './001-tasks.js';
import { m002Attempts } from './002-attempts.js';
import { m003Usage } from './003-usage.js';
import { m004GateRuns } from './004-gate-runs.js';
import { m005Notifications } from './005-notifications.js';
import { m006Locks } from './006-locks.js';
import { m011Queue } from './011-queue.js';
import { m012Conflicts } from './012-conflicts.js';
import { m020Learnings } from './020-learnings.js';
import { m021VerifiedCommits } from './021-verified-commits.js';
import { m030Reviews } from './030-reviews.js';
import { m031PlanApprovals } from './031-plan-approvals.js';
import { m032AttemptModel } from './032-attempt-model.js';
import { m035AgentPlans } from './035-agent-plans.js';
import { m036TaskBudgetUsd } from './036-task-budget-usd.js';
import { m037GateTreeReuse } from './037-gate-tree-reuse.js';
import { m039TaskHost } from './039-task-host.js';
import { m040AttemptHost } from './040-attempt-host.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Applied in ascending version order on open; `PRAGMA user_version` records the last one applied.
 * Versions need not be contiguous (the state store uses 1–9, later features 10 and up), but they must
 * only ever be appended above the highest one already released.
 */
export const MIGRATIONS: readonly Migration[] = [
  m001Tasks,
  m002Attempts,
  m003Usage,
  m004GateRuns,
  m005Notifications,
  m006Locks,
  m011Queue,
  m012Conflicts,
  m020Learnings,
  m021VerifiedCommits,
  m030Reviews,
  m031PlanApprovals,
  m032AttemptModel,
  m035AgentPlans,
  m036TaskBudgetUsd,
  m037GateTreeReuse,
  m039TaskHost,
  m040AttemptHost,
];
