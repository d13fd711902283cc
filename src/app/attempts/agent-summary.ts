import { parseAgentResult } from '../../core/agent-result.js';
import type { ProjectContext } from '../context.js';

/** The summary the task's latest attempt gave in its result block, when it gave one. */
export function agentSummary(ctx: Pick<ProjectContext, 'stores'>, taskId: string): string | undefined {
  const attempt = ctx.stores.attempts.latestForTask(taskId);
  if (!attempt) return undefined;
  const finished = ctx.stores.agentEvents.latestOfKind(attempt.id, 'finished');
  const text = finished?.event.kind === 'finished' ? finished.event.result : undefined;
  const parsed = parseAgentResult(text);
  return parsed.kind === 'ok' ? parsed.result.summary : undefined;
}
