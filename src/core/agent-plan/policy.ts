// Whether a task's agent plans first, and what a plan turn left behind. Pure.

/** The task's own `agent_plan` wins; otherwise config `review.agent_plan`. */
export function wantsAgentPlan(taskSetting: boolean | undefined, configSetting: boolean): boolean {
  return taskSetting ?? configSetting;
}

/** A plan turn runs while the task wants a plan and no plan of its agent has been approved. */
export function isPlanTurn(input: { wanted: boolean; planApproved: boolean }): boolean {
  return input.wanted && !input.planApproved;
}

/** The plan text of a finished plan turn: its final result, else its last message; trimmed. */
export function planText(result: string | undefined, lastMessage: string | undefined): string | undefined {
  for (const text of [result, lastMessage]) {
    const trimmed = text?.trim();
    if (trimmed) return trimmed;
  }
  return undefined;
}

export type PlanTurnCheck = { kind: 'unchanged' } | { kind: 'changed'; files: string[]; committed: boolean };

/**
 * Compares the worktree after a plan turn with how it started (HEAD and snapshot tree): any file
 * changed, or a commit made, means the turn edited.
 */
export function checkPlanTurn(
  before: { head: string; tree: string },
  after: { head: string | undefined; tree: string },
  changedFiles: readonly string[],
): PlanTurnCheck {
  const committed = after.head !== before.head;
  if (!committed && after.tree === before.tree) return { kind: 'unchanged' };
  return { kind: 'changed', files: [...changedFiles].sort(), committed };
}

/** Why a plan turn was refused: what it changed, and that grove put it back. */
export function planEditedMessage(
  taskId: string,
  check: Extract<PlanTurnCheck, { kind: 'changed' }>,
): string {
  const files = check.files.length > 0 ? check.files.slice(0, 10).join(', ') : '(no file named)';
  const more = check.files.length > 10 ? ` and ${check.files.length - 10} more` : '';
  const commit = check.committed ? ' and committed' : '';
  return (
    `${taskId}: its agent changed files during its plan-only turn${commit} (${files}${more}); ` +
    `grove put the worktree back as it was and kept no plan. A plan turn may not edit: ` +
    `\`grove retry ${taskId}\` asks for a plan again, \`grove abandon ${taskId}\` gives up`
  );
}
