// Gathers learning proposals from the stored cycle: agents' result `learnings`, fix loops that worked
// (the failing gate's symptom and the files changed to fix it), stuck failures, scope violations and
// notes a person wrote. Idempotent: the same lesson keeps its proposal (and its status).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAgentResult } from '../../core/agent-result.js';
import type { LearningInput, LearningProposal } from '../../core/learnings/index.js';
import { aggregateLearnings } from '../../core/learnings/index.js';
import { LearningStore } from '../../infra/db/learning-store.js';
import type { Stores } from '../../infra/db/stores.js';
import { openStores } from '../../infra/db/stores.js';
import type { ProjectContext } from '../context.js';
import { toRepoPath } from '../run/scope-watch.js';

/** Failures that are not a gate the agent fixed: queue conflicts and failed queue tests, agent crashes. */
const NOT_FIX_LOOPS = new Set(['merge', 'queue', 'agent']);

/** The line that best says what went wrong: an expectation, an `XError: …`, a failed test, then any error. */
const SYMPTOM_PATTERNS = [/^expected\b/i, /\b\w*Error: /, /^not ok\b/, /\bfail(ed|s|ure)?\b/i, /error/i];

function symptom(outputTail: string): string {
  const lines = outputTail
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  for (const re of SYMPTOM_PATTERNS) {
    const hit = lines.find((l) => re.test(l));
    if (hit) return hit;
  }
  return lines[0] ?? 'the gate failed';
}

function taskInputs(stores: Stores, taskId: string, worktree: string | null): LearningInput[] {
  const inputs: LearningInput[] = [];
  for (const a of stores.attempts.listForTask(taskId)) {
    const finished = stores.agentEvents.latestOfKind(a.id, 'finished');
    const text = finished?.event.kind === 'finished' ? finished.event.result : undefined;
    const parsed = parseAgentResult(text);
    if (parsed.kind === 'ok')
      for (const l of parsed.result.learnings) inputs.push({ kind: 'agent', task: taskId, text: l });
  }
  const runs = stores.gates.listForTask(taskId);
  runs.forEach((run, i) => {
    if (run.ok || NOT_FIX_LOOPS.has(run.gate)) return;
    const fixed = runs.slice(i + 1).find((r) => r.gate === run.gate);
    if (!fixed?.ok || runs.slice(i + 1, runs.indexOf(fixed)).some((r) => r.gate === run.gate)) return;
    const files = stores.agentEvents
      .list(taskId)
      .filter(
        (e) => fixed.attempt_id !== null && e.attemptId === fixed.attempt_id && e.event.kind === 'tool_call',
      )
      .flatMap((e) => (e.event.kind === 'tool_call' ? e.event.files : []))
      .map((f) => (worktree ? toRepoPath(worktree, f) : f));
    inputs.push({
      kind: 'fix-loop',
      task: taskId,
      gate: run.gate,
      symptom: symptom(run.output_tail),
      files: [...new Set(files)],
    });
  });
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
  const outside = stores.journal
    .forTask(taskId, ['scope'])
    .flatMap((r) => (r.data as { paths?: string[] }).paths ?? []);
  if (outside.length > 0)
    inputs.push({ kind: 'scope-violation', task: taskId, files: [...new Set(outside)] });
  for (const n of stores.journal.forTask(taskId, ['note'])) {
    const text = (n.data as { text?: unknown }).text;
    if (typeof text === 'string') inputs.push({ kind: 'human', task: taskId, text });
  }
  return inputs;
}

export function readAgentsMd(ctx: ProjectContext): string {
  try {
    return readFileSync(join(ctx.paths.mainRoot, 'AGENTS.md'), 'utf8');
  } catch {
    return '';
  }
}

export function gatherProposals(ctx: ProjectContext): LearningProposal[] {
  const stores = openStores(ctx.db, ctx.now);
  const learnings = new LearningStore(ctx.db, ctx.now);
  const inputs = stores.tasks.list().flatMap((t) => taskInputs(stores, t.id, t.worktree));
  const proposals = aggregateLearnings(inputs, { agentsMd: readAgentsMd(ctx), existing: learnings.list() });
  learnings.saveAll(proposals);
  return proposals;
}
