/**
 * Claude Code refuses `bypassPermissions` (and --dangerously-skip-permissions) as root unless
 * IS_SANDBOX=1 says the machine is a sandbox; `acceptEdits` works for everyone.
 */
export const CLAUDE_DEFAULT_PERMISSION_MODE = 'acceptEdits';

export function claudePermissionMode(
  requested: string | undefined,
  machine: { isRoot: boolean; isSandbox: boolean },
): string {
  const mode = requested ?? CLAUDE_DEFAULT_PERMISSION_MODE;
  if (mode === 'bypassPermissions' && machine.isRoot && !machine.isSandbox) return 'acceptEdits';
  return mode;
}
