import type { AgentAdapter, ExitClass, ExitInfo, Launch, LaunchInput } from '../adapter.js';
import { GroveError } from '../../../shared/errors.js';

/** A command agent has no plan-only mode grove could trust: `agent_plan` is refused for it. */
export function commandCannotPlan(agentName: string): GroveError {
  return new GroveError(
    'CONFIG_INVALID',
    `agent "${agentName}" (adapter command) cannot write an agent plan: a plain command has no plan-only mode`,
    {
      hint: 'set `agent_plan: false` in the task (or `review.agent_plan: false` in .grove/config.yaml), or give the task a claude, codex, gemini or scripted agent',
    },
  );
}

/**
 * `command`: any CLI. The prompt goes as the last argument (`prompt_via: arg`, default) or on stdin
 * (`prompt_via: stdin`); never through a shell. It has no structured events: every non-empty stdout
 * line becomes an assistant `message`. Exit code 0 means completed.
 */
export const commandAdapter: AgentAdapter = {
  kind: 'command',
  defaultBin: '',

  buildLaunch(input: LaunchInput): Launch {
    const { agent } = input;
    if (!agent.bin) {
      throw new GroveError(
        'AGENT_NOT_FOUND',
        `agent "${input.agentName}" (adapter command) names no program`,
        {
          hint: `set agents.${input.agentName}.bin in .grove/config.yaml, e.g. bin: ./scripts/my-agent.sh`,
        },
      );
    }
    if (input.planOnly === true) throw commandCannotPlan(input.agentName);
    const viaArg = agent.prompt_via === 'arg';
    return {
      file: agent.bin,
      args: viaArg ? [...agent.args, input.prompt] : [...agent.args],
      env: { ...agent.env, ...input.groveEnv },
      stdin: viaArg ? 'closed' : { text: input.prompt },
    };
  },

  createParser() {
    return (line: string) => (line.trim() === '' ? [] : [{ kind: 'message', role: 'assistant', text: line }]);
  },

  classifyExit(exit: ExitInfo): ExitClass {
    if (exit.signal) return { kind: 'killed', signal: exit.signal };
    if (exit.code === 0) return { kind: 'completed' };
    const detail = exit.lastError ? `: ${exit.lastError}` : '';
    return { kind: 'failed', reason: `exited with code ${exit.code ?? 'unknown'}${detail}` };
  },

  attachCommand() {
    return undefined; // a plain command has no session to attach to
  },
};
