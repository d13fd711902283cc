// Best-of-N (issue 21): a task file with `attempts: N` (or `agents: [...]`) stands for N tasks, one per
// attempt, each with its own worktree and branch. Everything after loading (scheduler, gates, review,
// queue) sees ordinary tasks; `bestOf` ties them together. Pure.
import type { TaskSpec } from '../../shared/task-spec.js';

/** The id of attempt `index` (from 1) of best-of task `group`. */
export function attemptId(group: string, index: number): string {
  return `${group}-try${index}`;
}

/** How many attempts a task asks for: `attempts`, else one per agent in `agents`, else 1. */
export function attemptCount(spec: {
  attempts?: number | undefined;
  agents?: readonly string[] | undefined;
}): number {
  return spec.attempts ?? spec.agents?.length ?? 1;
}

/** The agent of attempt `index` (from 1): `agents` in order, cycled; else the task's `agent`. */
function attemptAgent(spec: TaskSpec, index: number): string | undefined {
  const agents = spec.agents;
  if (!agents || agents.length === 0) return spec.agent;
  return agents[(index - 1) % agents.length];
}

/**
 * Each best-of task replaced by its attempts (`<id>-try1` … `<id>-tryN`), the others as they are. The
 * attempts keep the file, the body, `owns`, `accept` and the dependencies; `depends_on` naming a best-of
 * task stays as written (the scheduler resolves it to the attempt that is kept: groups.ts).
 */
export function expandBestOf(tasks: readonly TaskSpec[]): TaskSpec[] {
  const out: TaskSpec[] = [];
  for (const spec of tasks) {
    const n = attemptCount(spec);
    if (n <= 1) {
      out.push(spec);
      continue;
    }
    for (let index = 1; index <= n; index += 1) {
      const { attempts: _attempts, agents: _agents, ...rest } = spec;
      const agent = attemptAgent(spec, index);
      out.push({
        ...rest,
        id: attemptId(spec.id, index),
        ...(agent !== undefined ? { agent } : {}),
        bestOf: { group: spec.id, index, of: n },
      });
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}
