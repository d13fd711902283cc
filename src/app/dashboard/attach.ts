import type { AttachCommand } from '../../shared/api.js';
import type { Config } from '../../shared/config.js';
import { isSafeSessionId } from '../../infra/agents/session-id.js';

const BUILT_IN = new Set(['claude', 'codex', 'gemini', 'scripted', 'command']);
const GH = 'gh';

/** Quotes one argument for a POSIX shell (only for showing a command; grove never runs this line). */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The adapter behind an agent name: the config's entry, else the built-in of that name. */
export function adapterOf(config: Config, agent: string | null): string | undefined {
  if (agent === null) return undefined;
  return config.agents[agent]?.adapter ?? (BUILT_IN.has(agent) ? agent : undefined);
}

/**
 * The command that attaches a person to the agent's session in its worktree (interactive resume for
 * the agents that have one); a plain shell in the worktree otherwise; undefined without a worktree.
 */
export function attachCommand(
  config: Config,
  task: { agent: string | null; session_id: string | null; worktree: string | null },
): AttachCommand | undefined {
  const adapter = adapterOf(config, task.agent);
  const bin = (task.agent !== null ? config.agents[task.agent]?.bin : undefined) ?? adapter ?? '';
  // An id unsafe on a command line (it would read as a flag) gets a plain shell, not a resume.
  const session = isSafeSessionId(task.session_id) ? task.session_id : null;
  let argv: string[];
  if (session !== null && adapter === 'claude') argv = [bin, '--resume', session];
  else if (session !== null && adapter === 'codex') argv = [bin, 'resume', session];
  else if (session !== null && adapter === 'gemini') argv = [bin, '--resume', session];
  // A cloud agent: its session's log, through GitHub's CLI (the adapter's `bin` is gh).
  else if (session !== null && adapter === 'copilot')
    argv = [
      task.agent !== null ? (config.agents[task.agent]?.bin ?? GH) : GH,
      'agent-task',
      'view',
      session,
      '--log',
    ];
  else if (task.worktree !== null) argv = [];
  else return undefined;
  const cd = task.worktree !== null ? `cd ${shellQuote(task.worktree)}` : '';
  const cmd = argv.map(shellQuote).join(' ');
  return { cwd: task.worktree, argv, display: [cd, cmd].filter(Boolean).join(' && ') };
}
