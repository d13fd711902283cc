// The agents a project can use: grove's built-ins, overridden or extended by config `agents`.
import type { AgentDefinition, Config } from '../shared/config.js';

function builtIn(adapter: AgentDefinition['adapter']): AgentDefinition {
  return { adapter, args: [], env: {}, prompt_via: 'arg' };
}

/** Agents that exist without configuration. `claude`, `codex`, `gemini` drive the real CLIs. */
export const BUILT_IN_AGENTS: Readonly<Record<string, AgentDefinition>> = Object.freeze({
  claude: builtIn('claude'),
  codex: builtIn('codex'),
  gemini: builtIn('gemini'),
  scripted: builtIn('scripted'),
});

/** Every agent by name: the built-ins, then config entries (a config entry replaces a built-in). */
export function allAgents(config: Pick<Config, 'agents'>): Record<string, AgentDefinition> {
  return { ...BUILT_IN_AGENTS, ...config.agents };
}

/** Agent names, sorted, for messages and suggestions. */
export function agentNames(config: Pick<Config, 'agents'>): string[] {
  return Object.keys(allAgents(config)).sort();
}

export type ResolvedAgent =
  | { kind: 'found'; name: string; agent: AgentDefinition }
  | { kind: 'unknown'; name: string; known: string[] };

/** Looks an agent up by name; `undefined` means the config's `default_agent`. */
export function resolveAgent(
  config: Pick<Config, 'agents' | 'default_agent'>,
  name: string | undefined,
): ResolvedAgent {
  const wanted = name ?? config.default_agent;
  const agents = allAgents(config);
  const agent = Object.hasOwn(agents, wanted) ? agents[wanted] : undefined;
  return agent
    ? { kind: 'found', name: wanted, agent }
    : { kind: 'unknown', name: wanted, known: agentNames(config) };
}
