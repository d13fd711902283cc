// The dashboard's buttons: each one calls the same task command as the CLI (src/app/task-commands),
// with `by: 'dashboard'`, and turns its result into the API's ActionResult.
import type { ActionResult, DashboardAction } from '../../shared/api.js';
import type {
  CommandRefused,
  CommandResult,
  LearningResult,
  PlanApprovalResult,
  TaskCommandDeps,
} from '../task-commands/index.js';
import {
  abandonTask,
  acceptLearning,
  approvePlan,
  approveScope,
  approveTask,
  discardFiles,
  editLearning,
  mergeLearning,
  mergeProposals,
  pauseTask,
  queueTask,
  reassignTask,
  rejectLearning,
  requestChanges,
  resumeTask,
  retireAgentsMdEntry,
  retryTask,
  stopTask,
} from '../task-commands/index.js';

const BY = 'dashboard';

function refused(r: CommandRefused): ActionResult {
  return {
    kind: 'refused',
    code: r.code,
    message: r.message,
    ...(r.hint !== undefined ? { hint: r.hint } : {}),
  };
}

function fromTask(r: CommandResult): ActionResult {
  if (r.kind === 'refused') return refused(r);
  return { kind: 'done', message: r.message, taskId: r.taskId, state: r.to };
}

function fromLearning(r: LearningResult): ActionResult {
  if (r.kind === 'refused') return refused(r);
  const claude = r.applied.claudeImportAdded ? '; CLAUDE.md now imports AGENTS.md' : '';
  const commit = r.applied.inserted.length > 0 ? ' (commit it when ready)' : '';
  return { kind: 'done', message: `${r.message}${claude}${commit}` };
}

function fromPlan(r: PlanApprovalResult): ActionResult {
  if (r.kind === 'refused') return refused(r);
  return { kind: 'done', message: r.message };
}

/** "Add N tokens" on the page is the CLI's `grove resume <id> --budget +N`. */
function budgetText(addTokens: number | undefined): string | undefined {
  return addTokens !== undefined && addTokens > 0 ? `+${addTokens}` : undefined;
}

export async function act(deps: TaskCommandDeps, action: DashboardAction): Promise<ActionResult> {
  switch (action.kind) {
    case 'pause':
      return fromTask(await pauseTask(deps, action.taskId, BY));
    case 'resume':
      return fromTask(resumeTask(deps, action.taskId, BY, budgetText(action.addTokens)));
    case 'stop':
      return fromTask(await stopTask(deps, action.taskId, BY));
    case 'retry':
      return fromTask(await retryTask(deps, action.taskId, BY));
    case 'reassign':
      return fromTask(await reassignTask(deps, action.taskId, BY, action.agent));
    case 'abandon':
      return fromTask(await abandonTask(deps, action.taskId, BY));
    case 'approve-scope':
      return fromTask(approveScope(deps, action.taskId, BY, action.paths ?? []));
    case 'enqueue':
      return fromTask(queueTask(deps, action.taskId, BY));
    case 'approve':
      return fromTask(await approveTask(deps, action.taskId, BY, action.message ?? ''));
    case 'request-changes':
      return fromTask(
        await requestChanges(deps, action.taskId, BY, {
          message: action.message,
          comments: action.comments ?? [],
          lesson: action.lesson === true,
        }),
      );
    case 'discard':
      return fromTask(
        await discardFiles(deps, action.taskId, BY, {
          files: action.files,
          ...(action.message !== undefined ? { message: action.message } : {}),
        }),
      );
    case 'approve-plan':
      return fromPlan(await approvePlan(deps, BY));
    case 'learning-accept':
      return fromLearning(await acceptLearning(deps, action.id, BY));
    case 'learning-edit':
      return fromLearning(await editLearning(deps, action.id, action.entry, BY));
    case 'learning-merge': {
      if ('proposal' in action.into) {
        const r = mergeProposals(deps, action.id, action.into.proposal, BY, {
          ...(action.entry !== undefined ? { entry: action.entry } : {}),
        });
        return r.kind === 'refused' ? refused(r) : { kind: 'done', message: r.message };
      }
      const into = action.into.agentsMd;
      const r = await mergeLearning(deps, action.id, into, action.entry ?? into, BY);
      if (r.kind === 'refused') return refused(r);
      if (r.retired.kind === 'refused') return refused(r.retired);
      return { kind: 'done', message: `${r.accepted.message}; ${r.retired.message}` };
    }
    case 'agents-md-retire': {
      const r = await retireAgentsMdEntry(deps, action.entry, BY);
      return r.kind === 'refused' ? refused(r) : { kind: 'done', message: r.message };
    }
    case 'learning-reject':
      return fromLearning(await rejectLearning(deps, action.id, BY));
  }
}
