// `grove agents`: every agent grove can run (built-in and configured), its program and version.
import { agentBinary, availableAdapters, getAdapter, listAgents } from '../../infra/agents/registry.js';
import { findExecutable, probeVersion } from '../../infra/agents/registry-probe.js';
import type { ProjectContext } from '../context.js';

export interface AgentStatus {
  name: string;
  adapter: string;
  source: 'built-in' | 'config';
  bin: string;
  /** Absolute path of the program, or null when it is not found. */
  path: string | null;
  version: string | null;
  /** False for a program grove does not ask for its version (a command agent may be any script). */
  versionAsked: boolean;
  /** Whether this grove build has the agent's adapter. */
  adapterAvailable: boolean;
  default: boolean;
}

export async function collectAgentStatus(ctx: ProjectContext): Promise<AgentStatus[]> {
  const adapters = new Set<string>(availableAdapters());
  const root = ctx.paths.mainRoot;
  return Promise.all(
    listAgents(ctx.config).map(async (a) => {
      const bin = agentBinary(a.definition);
      const path = findExecutable(bin, root) ?? null;
      const versionArgs = adapters.has(a.definition.adapter)
        ? getAdapter(a.definition.adapter).versionArgs
        : undefined;
      return {
        name: a.name,
        adapter: a.definition.adapter,
        source: a.source,
        bin,
        path,
        version: path && versionArgs ? ((await probeVersion(path, root, versionArgs)) ?? null) : null,
        versionAsked: versionArgs !== undefined,
        adapterAvailable: adapters.has(a.definition.adapter),
        default: a.name === ctx.config.default_agent,
      };
    }),
  );
}
