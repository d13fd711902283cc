import type { AdapterKind, AgentDefinition, Config } from '../../shared/config.js';
import { BUILT_IN_AGENTS } from '../../core/agents.js';
import { GroveError } from '../../shared/errors.js';
import type { AgentAdapter } from './adapter.js';
import { claudeAdapter } from './claude/adapter.js';
import { codexAdapter } from './codex/adapter.js';
import { commandAdapter } from './command/adapter.js';
import { copilotAdapter } from './copilot/adapter.js';
import { geminiAdapter } from './gemini/adapter.js';
import { scriptedAdapter } from './scripted/adapter.js';

/** Every adapter grove ships, by kind. A new adapter is one more entry here. */
const ADAPTERS: Partial<Record<AdapterKind, AgentAdapter>> = {
  claude: claudeAdapter,
  codex: codexAdapter,
  gemini: geminiAdapter,
  command: commandAdapter,
  scripted: scriptedAdapter,
  copilot: copilotAdapter,
};

export function getAdapter(kind: AdapterKind): AgentAdapter {
  const adapter = ADAPTERS[kind];
  if (!adapter) {
    throw new GroveError('AGENT_NOT_FOUND', `the "${kind}" adapter is not available in this grove build`, {
      hint: `available adapters: ${availableAdapters().join(', ')}`,
    });
  }
  return adapter;
}

export function availableAdapters(): AdapterKind[] {
  return Object.keys(ADAPTERS) as AdapterKind[];
}

export interface NamedAgent {
  name: string;
  definition: AgentDefinition;
  /** 'config' when `.grove/config.yaml` defines (or overrides) it. */
  source: 'built-in' | 'config';
}

/** Built-in agents plus configured ones (a configured name replaces the built-in one), by name. */
export function listAgents(config: Config): NamedAgent[] {
  const names = new Set([...Object.keys(BUILT_IN_AGENTS), ...Object.keys(config.agents)]);
  return [...names].sort().map((name) => {
    const configured = config.agents[name];
    return configured
      ? { name, definition: configured, source: 'config' as const }
      : { name, definition: BUILT_IN_AGENTS[name]!, source: 'built-in' as const };
  });
}

/** The agent called `name` (configured or built-in); AGENT_NOT_FOUND with the known names otherwise. */
export function resolveAgent(config: Config, name: string): NamedAgent {
  const found = listAgents(config).find((a) => a.name === name);
  if (!found) {
    throw new GroveError('AGENT_NOT_FOUND', `no agent named "${name}"`, {
      hint: `known agents: ${listAgents(config)
        .map((a) => a.name)
        .join(', ')}; define it under agents: in .grove/config.yaml`,
    });
  }
  return found;
}

/** The program an agent runs: its `bin`, else its adapter's default. */
export function agentBinary(definition: AgentDefinition): string {
  return definition.bin ?? ADAPTERS[definition.adapter]?.defaultBin ?? definition.adapter;
}
