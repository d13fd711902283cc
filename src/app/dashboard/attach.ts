import type { AttachCommand } from '../../shared/api.js';
import type { AgentDefinition, Config } from '../../shared/config.js';
import { getAdapter } from '../../infra/agents/registry.js';
import { safeSessionId } from '../../infra/agents/session-id.js';
import { allAgents } from '../../core/agents.js';

/** Quotes one argument for a POSIX shell (only for showing a command; grove never runs this line). */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The definition behind an agent name: the config's entry, else the built-in of that name. */
function agentOf(config: Config, agent: string | null): AgentDefinition | undefined {
  if (agent === null) return undefined;
  const agents = allAgents(config);
  return Object.hasOwn(agents, agent) ? agents[agent] : undefined;
}

/**
 * The command that attaches a person to the agent's session in its worktree: the agent's adapter says
 * how (interactive resume, a cloud agent's log); a plain shell in the worktree otherwise; undefined
 * without a worktree.
 */
export function attachCommand(
  config: Config,
  task: { agent: string | null; session_id: string | null; worktree: string | null },
): AttachCommand | undefined {
  const definition = agentOf(config, task.agent);
  // An id unsafe on a command line (it would read as a flag) gets a plain shell, not a resume.
  const session = safeSessionId(task.session_id);
  const resume =
    definition !== undefined && session !== undefined
      ? getAdapter(definition.adapter).attachCommand(session, definition)
      : undefined;
  let argv: string[];
  if (resume !== undefined) argv = resume;
  else if (task.worktree !== null) argv = [];
  else return undefined;
  const cd = task.worktree !== null ? `cd ${shellQuote(task.worktree)}` : '';
  const cmd = argv.map(shellQuote).join(' ');
  return { cwd: task.worktree, argv, display: [cd, cmd].filter(Boolean).join(' && ') };
}
