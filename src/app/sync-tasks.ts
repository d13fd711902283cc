// Brings the state store in line with the task files: new tasks enter `planned`, changed titles,
// priorities, agents and budgets are updated (a budget a person raised on a resume is kept until the
// task file changes), tasks whose file disappeared are reported (never deleted).
import { ANY_HOST } from '../core/scheduler/hosts.js';
import { createHash } from 'node:crypto';
import type { Config } from '../shared/config.js';
import type { TaskSpec } from '../shared/task-spec.js';
import type { TaskState } from '../shared/task-state.js';
import { TERMINAL_STATES } from '../shared/task-state.js';
import type { TaskPatch, TaskRow, TaskStore } from '../infra/db/task-store.js';
import { resolveTaskBudget } from '../core/budget-resolve.js';

export interface SyncResult {
  created: string[];
  updated: Array<{ id: string; fields: string[] }>;
  unchanged: string[];
  /** Tasks in the store, not finished, whose file is gone. */
  missing: Array<{ id: string; state: TaskState }>;
}

/** A stable hash of what the spec says (front matter and body), to notice edits. */
export function specHash(task: TaskSpec): string {
  const { file: _file, ...content } = task;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
}

function desiredFields(
  task: TaskSpec,
  config: Pick<Config, 'default_agent' | 'budgets'> & Partial<Pick<Config, 'agents'>>,
): TaskPatch & { title: string } {
  // The task's own budget, else its role's (config `budgets.roles`), else the defaults.
  const budget = resolveTaskBudget(task, config.budgets);
  return {
    title: task.title,
    priority: task.priority,
    agent: task.agent ?? config.default_agent,
    // Where its agent runs: the task's own host, else its agent's (validated against config `hosts`).
    host: task.host ?? config.agents?.[task.agent ?? config.default_agent]?.host ?? null,
    budget_tokens: budget.tokens,
    budget_usd: budget.usd,
    spec_hash: specHash(task),
  };
}

/** True when a person set the task's budget on a resume (recorded on the transition). */
function personGaveBudget(store: TaskStore, id: string): boolean {
  return store
    .stateHistory(id)
    .some((h) => h.budget !== undefined && (h.by === 'lead' || h.by === 'cli' || h.by === 'dashboard'));
}

/**
 * The cycle new tasks join: the latest one while any of its tasks is still open; once every task of
 * it is finished (merged, cleaned or abandoned), tasks planned next start the next cycle.
 */
export function cycleForNewTasks(rows: readonly Pick<TaskRow, 'cycle' | 'state'>[]): number {
  const latest = rows.reduce((max, r) => Math.max(max, r.cycle), 0);
  if (latest === 0) return 1;
  const open = rows.some((r) => r.cycle === latest && !TERMINAL_STATES.includes(r.state));
  return open ? latest : latest + 1;
}

export function syncTasks(
  store: TaskStore,
  tasks: readonly TaskSpec[],
  config: Pick<Config, 'default_agent' | 'budgets'> & Partial<Pick<Config, 'agents' | 'hosts'>>,
): SyncResult {
  const result: SyncResult = { created: [], updated: [], unchanged: [], missing: [] };
  const existing = new Map<string, TaskRow>(store.list().map((r) => [r.id, r]));
  const cycle = cycleForNewTasks([...existing.values()]);
  for (const task of tasks) {
    const want = desiredFields(task, config);
    const row = existing.get(task.id);
    if (!row) {
      store.upsert(task.id, { ...want, cycle }, 'planned');
      result.created.push(task.id);
      continue;
    }
    // A budget a person gave (`grove resume --budget`, the dashboard) stands until the task file changes.
    if (row.spec_hash === want.spec_hash && personGaveBudget(store, task.id)) delete want.budget_tokens;
    // `host: any`: the host the scheduler placed it on stands (its worktree and branch are there).
    if (want.host === ANY_HOST && row.host !== null) delete want.host;
    // Its host could not be reached and it went to that host's `fallback`: it stays there (its latest
    // attempt and worktree are there; the next attempt tries the fallback first).
    if (want.host && row.host !== null && config.hosts?.[want.host]?.fallback === row.host) delete want.host;
    const changed = (Object.keys(want) as Array<keyof typeof want>).filter(
      (k) => want[k] !== undefined && row[k] !== want[k],
    );
    if (changed.length === 0) {
      result.unchanged.push(task.id);
    } else {
      store.upsert(task.id, want);
      // The hash changes with every edit; name it only when nothing else did (an edit of the body, owns, …).
      const named: string[] = changed.filter((f) => f !== 'spec_hash');
      result.updated.push({ id: task.id, fields: named.length > 0 ? named : ['spec'] });
    }
  }
  const ids = new Set(tasks.map((t) => t.id));
  for (const row of existing.values()) {
    if (!ids.has(row.id) && !TERMINAL_STATES.includes(row.state))
      result.missing.push({ id: row.id, state: row.state });
  }
  result.missing.sort((a, b) => a.id.localeCompare(b.id));
  return result;
}
