import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { agentBinary, availableAdapters, listAgents } from '../../infra/agents/registry.js';
import { findExecutable, probeVersion } from '../../infra/agents/registry-probe.js';

interface AgentStatus {
  name: string;
  adapter: string;
  source: 'built-in' | 'config';
  bin: string;
  /** Absolute path of the program, or null when it is not found. */
  path: string | null;
  version: string | null;
  /** Whether this grove build has the agent's adapter. */
  adapterAvailable: boolean;
  default: boolean;
}

export function register(program: Command): void {
  program
    .command('agents')
    .description(
      'List the agents grove can run: built-in and configured, their adapter, program and version.',
    )
    .option('--json', 'print a JSON array')
    .addHelpText(
      'after',
      '\nA program is looked up on PATH (or as a path relative to the repository) and asked for\n`--version` (5 s at most).\n\nExample:\n  grove agents --json',
    )
    .action(async (opts: { json?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        const adapters = new Set<string>(availableAdapters());
        const root = ctx.paths.mainRoot;
        const statuses: AgentStatus[] = await Promise.all(
          listAgents(ctx.config).map(async (a) => {
            const bin = agentBinary(a.definition);
            const path = findExecutable(bin, root) ?? null;
            return {
              name: a.name,
              adapter: a.definition.adapter,
              source: a.source,
              bin,
              path,
              version: path ? ((await probeVersion(path, root)) ?? null) : null,
              adapterAvailable: adapters.has(a.definition.adapter),
              default: a.name === ctx.config.default_agent,
            };
          }),
        );
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(statuses, null, 2)}\n`);
          return;
        }
        for (const s of statuses) {
          const found = s.path
            ? `${s.path}${s.version ? ` (${s.version})` : ''}`
            : `not found: ${s.bin || '(no bin set)'}`;
          const notes = [
            s.default ? 'default' : '',
            s.source === 'config' ? 'configured' : '',
            s.adapterAvailable ? '' : 'adapter not in this build',
          ]
            .filter(Boolean)
            .join(', ');
          process.stdout.write(
            `${s.name.padEnd(12)} ${s.adapter.padEnd(9)} ${found}${notes ? `  [${notes}]` : ''}\n`,
          );
        }
      } finally {
        ctx.close();
      }
    });
}
