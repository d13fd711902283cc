// A merge-queue culprit, before any agent round: grove brings the base's new commits into the task's
// worktree itself (src/core/queue/catch-up.ts decides, src/infra/git/catch-up.ts runs git). Resolved by
// git → the gates run again and the agent is not asked; otherwise the agent gets a prompt that says what
// the worktree holds: the conflict markers, the new base to reproduce a failed test on, or why grove left
// it alone.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AfterCatchUp, CatchUpResult, WorktreeLook } from '../../core/queue/catch-up.js';
import { decideAfterCatchUp, planCatchUp } from '../../core/queue/catch-up.js';
import type { QueueContext } from '../../core/queue-prompt.js';
import { buildConflictPrompt, buildQueueTestPrompt } from '../../core/queue-prompt.js';
import { bringBaseIn, operationInProgress } from '../../infra/git/catch-up.js';
import { landedCommits } from '../../infra/git/landed-log.js';
import { resolveRefs } from '../../infra/git/refs.js';
import { worktreeStatus } from '../../infra/git/status.js';
import type { TaskRow } from '../../infra/db/task-store.js';
import type { QueueFailure } from '../queue/types.js';
import type { SendBackFailure } from '../../core/scheduler/index.js';
import { resolveBase } from '../workspace/base.js';
import type { RunRuntime } from './runtime.js';
import { sendBack } from './send-back.js';
import { taskRef } from './task-ref.js';

async function lookAt(rt: RunRuntime, row: TaskRow): Promise<WorktreeLook> {
  const agentRunning = rt.stores.attempts.listForTask(row.id).some((a) => a.ended_at === null);
  const present = row.worktree !== null && existsSync(join(row.worktree, '.git'));
  if (!present) return { present, dirty: [], agentRunning, inProgress: undefined };
  const status = await worktreeStatus(row.worktree!);
  return {
    present,
    dirty: status.entries.map((e) => e.path),
    agentRunning,
    inProgress: await operationInProgress(row.worktree!),
  };
}

/** Tasks whose squash/merge commits are on the base but not in the branch, newest first. */
async function landedSince(rt: RunRuntime, baseOid: string, branch: string): Promise<string[]> {
  const repo = rt.ctx.paths.mainRoot;
  const ref = `refs/heads/${branch}`;
  const tip = (await resolveRefs(repo, [ref])).get(ref);
  const commits = await landedCommits(repo, baseOid, tip ? [tip] : []);
  return [...new Set(commits.map((c) => c.task))];
}

export async function catchUpCulprit(rt: RunRuntime, taskId: string, failure: QueueFailure): Promise<void> {
  const row = rt.stores.tasks.require(taskId);
  const branch = row.branch ?? `grove/${taskId}`;
  const base = await resolveBase(rt.ctx);
  const landed = await landedSince(rt, base.oid, branch);
  const plan = planCatchUp(await lookAt(rt, row), rt.ctx.config.queue.method);
  let result: CatchUpResult | undefined;
  if (plan.kind === 'bring-base') {
    const message = `Merge ${base.name} into ${branch}\n\ngrove brought in ${base.name}'s new commits${landed.length > 0 ? ` (${landed.join(', ')})` : ''} after the merge queue ${failure.kind === 'conflict' ? 'found a conflict' : 'test failed'}.\n`;
    result = await bringBaseIn(row.worktree!, base.oid, plan.how, message);
  }
  const after: AfterCatchUp =
    plan.kind === 'leave'
      ? { kind: 'merge-yourself', why: plan.why }
      : decideAfterCatchUp(failure.kind, result!);
  const context: QueueContext = {
    base: base.name,
    self: taskRef(rt.ctx, taskId),
    landed: landed.map((id) => taskRef(rt.ctx, id)),
  };
  if (after.kind === 'rerun-gates' && result?.kind === 'merged') {
    rerunGates(rt, taskId, failure, { base: base.name, branch, landed, commit: result.head });
    return;
  }
  const how = plan.kind === 'bring-base' ? plan.how : 'merge';
  const { prompt, note } = promptFor(
    after.kind === 'rerun-gates' ? { kind: 'reproduce' } : after,
    failure,
    context,
    how,
  );
  await sendBack(rt, taskId, queueFailureToSendBack(withFiles(failure, after)), { prompt, note });
}

function queueFailureToSendBack(f: QueueFailure): SendBackFailure {
  return f.kind === 'conflict'
    ? { source: 'conflict', files: f.files, base: f.base }
    : {
        source: 'queue',
        gate: 'queue',
        command: f.command,
        outputTail: f.outputTail,
        fingerprint: f.fingerprint,
      };
}

/** A conflict git stopped at is named with the files that have markers now. */
function withFiles(failure: QueueFailure, after: AfterCatchUp): QueueFailure {
  return failure.kind === 'conflict' && after.kind === 'resolve'
    ? { ...failure, files: after.files }
    : failure;
}

function promptFor(
  after: Exclude<AfterCatchUp, { kind: 'rerun-gates' }>,
  failure: QueueFailure,
  context: QueueContext,
  how: 'merge' | 'rebase',
): { prompt: string; note: string } {
  if (failure.kind === 'conflict') {
    if (after.kind === 'resolve')
      return {
        prompt: buildConflictPrompt({ ...context, files: after.files, state: { kind: 'markers', how } }),
        note: `grove ran git ${how} in the worktree: conflict markers left in ${after.files.join(', ')}`,
      };
    const why = after.kind === 'merge-yourself' ? after.why : 'the worktree already holds the base';
    return {
      prompt: buildConflictPrompt({ ...context, files: failure.files, state: { kind: 'untouched', why } }),
      note: `grove left the worktree alone (${why}): the agent merges ${context.base} itself`,
    };
  }
  const test = { command: failure.command, output: failure.outputTail };
  if (after.kind === 'merge-yourself')
    return {
      prompt: buildQueueTestPrompt({ ...context, ...test, untouched: after.why }),
      note: `grove left the worktree alone (${after.why}): the agent merges ${context.base} itself`,
    };
  if (after.kind === 'resolve')
    return {
      prompt: buildConflictPrompt({ ...context, files: after.files, state: { kind: 'markers', how } }),
      note: `grove ran git ${how} in the worktree: conflict markers left in ${after.files.join(', ')}`,
    };
  return {
    prompt: buildQueueTestPrompt({ ...context, ...test }),
    note: `the worktree already holds ${context.base}`,
  };
}

/** git resolved it: integrating → fixing → verifying with no attempt; the gates run on the new tip. */
function rerunGates(
  rt: RunRuntime,
  taskId: string,
  failure: QueueFailure,
  merged: { base: string; branch: string; landed: string[]; commit: string },
): void {
  const brought = merged.landed.length > 0 ? ` (${merged.landed.join(', ')} landed there)` : '';
  const what =
    failure.kind === 'conflict' ? 'the merge queue found a conflict' : 'the merge queue’s test failed';
  rt.stores.tasks.transition(
    taskId,
    'fixing',
    `${what}; grove merged ${merged.base} into ${merged.branch}${brought} and git resolved it: the gates run again, no agent round`,
    {
      expectFrom: ['integrating'],
      data: {
        kind: 'catch-up',
        source: failure.kind === 'conflict' ? 'conflict' : 'queue',
        base: merged.base,
        landed: merged.landed,
        commit: merged.commit,
        ...(failure.kind === 'test-failed'
          ? { command: failure.command, outputTail: failure.outputTail }
          : {}),
      },
    },
  );
  rt.stores.tasks.transition(
    taskId,
    'verifying',
    `gates run again on ${merged.branch} with ${merged.base} merged in`,
    {
      expectFrom: ['fixing'],
    },
  );
  rt.wake();
}
