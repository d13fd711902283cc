import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { collectAgentStatus } from '../../app/agents/agent-status.js';
import { emit } from '../output/emit.js';

export function register(program: Command): void {
  program
    .command('agents')
    .description(
      'List the agents grove can run: built-in and configured, their adapter, program and version.',
    )
    .option('--json', 'print a JSON array')
    .addHelpText(
      'after',
      "\nA program is looked up on PATH (or as a path relative to the repository); the claude, codex,\ngemini and scripted CLIs are asked for `--version` (5 s at most). A command agent's program is\nnever run by this command: it may be any script.\n\nExample:\n  grove agents --json",
    )
    .action(async (opts: { json?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        emit(await collectAgentStatus(ctx), {
          json: opts.json,
          pretty: true,
          human: (statuses) =>
            statuses
              .map((s) => {
                const version = s.version
                  ? ` (${s.version})`
                  : s.versionAsked
                    ? ''
                    : ' (version not asked: a command agent may be any program)';
                const found = s.path ? `${s.path}${version}` : `not found: ${s.bin || '(no bin set)'}`;
                const notes = [
                  s.default ? 'default' : '',
                  s.source === 'config' ? 'configured' : '',
                  s.adapterAvailable ? '' : 'adapter not in this build',
                ]
                  .filter(Boolean)
                  .join(', ');
                return `${s.name.padEnd(12)} ${s.adapter.padEnd(9)} ${found}${notes ? `  [${notes}]` : ''}`;
              })
              .join('\n'),
        });
      } finally {
        ctx.close();
      }
    });
}
