// The demo's built-in check: did the cycle go as the sample plan was designed? Pure: facts in, verdict
// out. With the scripted agent every figure is fixed by the scripts; with a real agent only "every task
// merged" is required and the rest is shown for information.
import type { StateEventData } from '../../shared/journal-event.js';
import type { TaskState } from '../../shared/task-state.js';
import { MERGED_STATES } from '../../shared/task-state.js';

export interface DemoTaskFacts {
  id: string;
  state: TaskState;
  /** The task's state transitions in order, with the data the run loop attached (`kind`, `gate`). */
  history: ReadonlyArray<Pick<StateEventData, 'to' | 'kind' | 'gate'>>;
}

export interface DemoCheck {
  name: string;
  /** null: not required (shown for information). */
  expected: number | null;
  actual: number;
  ok: boolean;
}

export interface DemoOutcome {
  ok: boolean;
  merged: string[];
  notMerged: Array<{ id: string; state: TaskState }>;
  /** One entry per fix iteration (a gate or the queue's test failed and the agent was sent back). */
  fixes: Array<{ task: string; gate: string }>;
  /** Conflicts the queue sent back to an agent, for tasks that then merged. */
  conflictsHandled: string[];
  proposals: number;
  checks: DemoCheck[];
}

/** What the sample plan (templates/demo) is built to produce with the scripted agent. */
export const DEMO_DESIGN = { tasks: 5, fixIterations: 1, conflictsHandled: 1, proposals: 1 } as const;

export function checkDemoOutcome(
  tasks: readonly DemoTaskFacts[],
  options: { proposals: number; strict: boolean },
): DemoOutcome {
  const merged = tasks.filter((t) => MERGED_STATES.includes(t.state)).map((t) => t.id);
  const notMerged = tasks
    .filter((t) => !MERGED_STATES.includes(t.state))
    .map((t) => ({ id: t.id, state: t.state }));
  const fixes: DemoOutcome['fixes'] = [];
  const conflictsHandled: string[] = [];
  for (const t of tasks) {
    for (const h of t.history) {
      if (h.to !== 'fixing' || h.kind === 'catch-up') continue;
      if (h.kind === 'conflict') {
        if (MERGED_STATES.includes(t.state)) conflictsHandled.push(t.id);
      } else {
        fixes.push({ task: t.id, gate: h.gate ?? 'unknown' });
      }
    }
  }
  const check = (name: string, expected: number | null, actual: number): DemoCheck => ({
    name,
    expected,
    actual,
    ok: expected === null || expected === actual,
  });
  const design = options.strict ? DEMO_DESIGN : null;
  const checks = [
    check('tasks merged', tasks.length, merged.length),
    ...(options.strict ? [check('tasks in the plan', DEMO_DESIGN.tasks, tasks.length)] : []),
    check('fix iterations', design?.fixIterations ?? null, fixes.length),
    check('conflicts handled by the queue', design?.conflictsHandled ?? null, conflictsHandled.length),
    check('learning proposals', design?.proposals ?? null, options.proposals),
  ];
  return {
    ok: checks.every((c) => c.ok),
    merged,
    notMerged,
    fixes,
    conflictsHandled,
    proposals: options.proposals,
    checks,
  };
}
