import { AgentEventStore } from './agent-event-store.js';
import { AgentPlanStore } from './agent-plan-store.js';
import { AttemptStore } from './attempt-store.js';
import { BaseTipStore } from './base-tip-store.js';
import { ConflictStore } from './conflict-store.js';
import { GateStore } from './gate-store.js';
import { Journal } from './journal.js';
import { LearningStore } from './learning-store.js';
import { LockStore } from './lock-store.js';
import { NotificationStore } from './notification-store.js';
import type { Db } from './open.js';
import { PlanApprovalStore } from './plan-approval-store.js';
import { QueueStore } from './queue-store.js';
import { ReviewStore } from './review-store.js';
import { TaskStore } from './task-store.js';
import { UsageStore } from './usage-store.js';

/** Every store over one state database, sharing one clock. */
export interface Stores {
  tasks: TaskStore;
  attempts: AttemptStore;
  usage: UsageStore;
  agentEvents: AgentEventStore;
  gates: GateStore;
  notifications: NotificationStore;
  locks: LockStore;
  journal: Journal;
  queue: QueueStore;
  learnings: LearningStore;
  conflicts: ConflictStore;
  baseTips: BaseTipStore;
  reviews: ReviewStore;
  planApprovals: PlanApprovalStore;
  agentPlans: AgentPlanStore;
}

export function openStores(db: Db, now: () => number = Date.now): Stores {
  return {
    tasks: new TaskStore(db, now),
    attempts: new AttemptStore(db, now),
    usage: new UsageStore(db),
    agentEvents: new AgentEventStore(db),
    gates: new GateStore(db, now),
    notifications: new NotificationStore(db, now),
    locks: new LockStore(db, now),
    journal: new Journal(db),
    queue: new QueueStore(db, now),
    learnings: new LearningStore(db, now),
    conflicts: new ConflictStore(db, now),
    baseTips: new BaseTipStore(db, now),
    reviews: new ReviewStore(db, now),
    planApprovals: new PlanApprovalStore(db, now),
    agentPlans: new AgentPlanStore(db, now),
  };
}
