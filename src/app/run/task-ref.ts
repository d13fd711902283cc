// A task as the prompts name it: id, title and what its agent said it did.
import type { PromptTaskRef } from '../../core/queue-prompt.js';
import type { ProjectContext } from '../context.js';
import { agentSummary } from '../attempts/agent-summary.js';

export function taskRef(ctx: Pick<ProjectContext, 'stores'>, id: string): PromptTaskRef {
  const row = ctx.stores.tasks.get(id);
  return { id, title: row?.title ?? id, summary: agentSummary(ctx, id) };
}
