// Gathers learning proposals from the stored cycle: agents' result `learnings`, fix loops that worked
// (the failing gate's symptom and what the fix changed: files and a short stat), stuck failures, scope violations,
// the agents' own reflections and notes a person wrote. Idempotent: the same lesson keeps its proposal (and its status).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAgentResult } from '../../core/agent-result.js';
import { stripAnsi } from '../../core/text.js';
import type { LearningInput, LearningProposal } from '../../core/learnings/index.js';
import { aggregateLearnings, isAlreadyStated } from '../../core/learnings/index.js';
import type { Stores } from '../../infra/db/stores.js';
import type { TaskRow } from '../../infra/db/task-store.js';
import type { ProjectContext } from '../context.js';
import { toRepoPath } from '../run/scope-watch.js';
import { MERGED_STATES } from '../../shared/task-state.js';
import { fixDiff } from './fix-diff.js';

/** Failures that are not a gate the agent fixed: queue conflicts and failed queue tests, agent crashes. */
const NOT_FIX_LOOPS = new Set(['merge', 'queue', 'agent']);

/** The line that best says what went wrong: an expectation, an `XError: …`, a failed test, then any error. */
const SYMPTOM_PATTERNS = [/^expected\b/i, /\b\w*Error: /, /^not ok\b/, /\bfail(ed|s|ure)?\b/i, /error/i];

function symptom(outputTail: string): string {
  const lines = stripAnsi(outputTail) // a colourised gate's escapes are not part of the lesson
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  for (const re of SYMPTOM_PATTERNS) {
    const hit = lines.find((l) => re.test(l));
    if (hit) return hit;
  }
  return lines[0] ?? 'the gate failed';
}

/** The fix loops that worked: a gate failed, then the next run of the same gate passed. */
async function fixLoopInputs(ctx: ProjectContext, stores: Stores, task: TaskRow): Promise<LearningInput[]> {
  const inputs: LearningInput[] = [];
  const runs = stores.gates.listForTask(task.id);
  const attempts = stores.attempts.listForTask(task.id);
  for (const [i, run] of runs.entries()) {
    if (run.ok || NOT_FIX_LOOPS.has(run.gate)) continue;
    const next = runs.slice(i + 1).find((r) => r.gate === run.gate);
    if (!next?.ok) continue;
    // The same attempt failing then passing is a flaky gate, not a fix.
    if (next.attempt_id !== null && next.attempt_id === run.attempt_id) continue;
    const toolFiles =
      next.attempt_id === null
        ? []
        : stores.agentEvents
            .list(task.id, { attemptId: next.attempt_id })
            .flatMap((e) => (e.event.kind === 'tool_call' ? e.event.files : []))
            .map((f) => (task.worktree ? toRepoPath(task.worktree, f) : f));
    // The fix is what changed between the failing run and the first attempt after it, and the passing
    // run and the first attempt after that.
    const fixer = attempts.find((a) => a.started_at > run.at);
    const later = attempts.find((a) => a.started_at > next.at);
    const diff =
      task.branch && fixer && fixer.started_at < next.at
        ? await fixDiff(
            ctx.paths.mainRoot,
            task.branch,
            { after: run.at, before: fixer.started_at },
            { after: next.at, before: later?.started_at ?? Number.POSITIVE_INFINITY },
          ).catch(() => undefined)
        : undefined;
    inputs.push({
      kind: 'fix-loop',
      task: task.id,
      gate: run.gate,
      symptom: symptom(run.output_tail),
      files: diff ? diff.files : [...new Set(toolFiles)],
      ...(diff ? { commit: diff.to.slice(0, 12), stat: diff.stat } : {}),
    });
  }
  return inputs;
}

async function taskInputs(ctx: ProjectContext, stores: Stores, task: TaskRow): Promise<LearningInput[]> {
  const taskId = task.id;
  const inputs: LearningInput[] = [];
  for (const a of stores.attempts.listForTask(taskId)) {
    const finished = stores.agentEvents.latestOfKind(a.id, 'finished');
    const text = finished?.event.kind === 'finished' ? finished.event.result : undefined;
    const parsed = parseAgentResult(text);
    if (parsed.kind === 'ok')
      for (const l of parsed.result.learnings) inputs.push({ kind: 'agent', task: taskId, text: l });
  }
  inputs.push(...(await fixLoopInputs(ctx, stores, task)));
  const runs = stores.gates.listForTask(taskId);
  if (stores.tasks.stateHistory(taskId).some((h) => h.to === 'stuck')) {
    const last = runs.filter((r) => !r.ok).at(-1);
    if (last)
      inputs.push({
        kind: 'stuck',
        task: taskId,
        fingerprint: last.fingerprint ?? last.gate,
        error: symptom(last.output_tail),
      });
  }
  const outside = stores.journal.forTask(taskId, ['scope']).flatMap((r) => r.data.paths);
  if (outside.length > 0)
    inputs.push({ kind: 'scope-violation', task: taskId, files: [...new Set(outside)] });
  // A conflict with the base the queue sent back (gate `merge`), once the task resolved it and merged.
  if (MERGED_STATES.includes(task.state)) {
    const files = runs
      .filter((r) => r.gate === 'merge' && !r.ok && r.fingerprint?.startsWith('merge:'))
      .flatMap((r) => (r.fingerprint ?? '').slice('merge:'.length).split(','))
      .filter((f) => f !== '');
    if (files.length > 0) inputs.push({ kind: 'conflict', task: taskId, files: [...new Set(files)].sort() });
  }
  for (const a of stores.journal.forTask(taskId, ['scope-approval'])) {
    inputs.push({ kind: 'scope-approved', task: taskId, paths: a.data.paths });
  }
  // The agent's own reflection at the end of the task (src/app/run/reflection.ts): its one rule.
  for (const r of stores.journal.forTask(taskId, ['reflection'])) {
    if (r.data.outcome === 'rule' && r.data.rule)
      inputs.push({ kind: 'reflection', task: taskId, text: r.data.rule, attempt: r.data.n });
  }
  for (const n of stores.journal.forTask(taskId, ['note'])) {
    const review = n.data.review;
    if (!review) inputs.push({ kind: 'human', task: taskId, text: n.data.text });
    else
      inputs.push({
        kind: 'review',
        task: taskId,
        text: n.data.text,
        ...(review.file ? { file: review.file } : {}),
      });
  }
  return inputs;
}

export function readAgentsMd(ctx: Pick<ProjectContext, 'paths'>): string {
  try {
    return readFileSync(join(ctx.paths.mainRoot, 'AGENTS.md'), 'utf8');
  } catch {
    return '';
  }
}

/**
 * Proposals still waiting for review are refreshed: `stale` when no task of their evidence is in the
 * state database any more, `already-stated` when AGENTS.md now says it (a person wrote it meanwhile).
 */
function refresh(p: LearningProposal, taskIds: ReadonlySet<string>, agentsMd: string): LearningProposal {
  if (p.status !== 'proposed') return p;
  if (!p.evidence.some((e) => taskIds.has(e.task))) return { ...p, status: 'stale' };
  if (isAlreadyStated(p.entry, agentsMd)) return { ...p, status: 'already-stated' };
  return p;
}

/** Gathers and stores the proposals of everything the state database holds; safe to call any time. */
export async function gatherProposals(ctx: ProjectContext): Promise<LearningProposal[]> {
  const stores = ctx.stores;
  const learnings = ctx.stores.learnings;
  const tasks = stores.tasks.list();
  const inputs: LearningInput[] = [];
  for (const t of tasks) inputs.push(...(await taskInputs(ctx, stores, t)));
  const agentsMd = readAgentsMd(ctx);
  const ids = new Set(tasks.map((t) => t.id));
  const proposals = aggregateLearnings(inputs, { agentsMd, existing: learnings.list() }).map((p) =>
    refresh(p, ids, agentsMd),
  );
  learnings.saveAll(proposals);
  return proposals;
}
