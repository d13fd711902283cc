import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import type { HostReport } from '../../app/hosts/check.js';
import { checkHosts, selectHosts } from '../../app/hosts/check.js';
import { EXIT_CODES } from '../handle-error.js';
import { emit } from '../output/emit.js';

export function register(program: Command): void {
  const hosts = program
    .command('hosts')
    .description('The SSH hosts agents may run on (config `hosts`).')
    .option('--json', 'print a JSON array')
    .addHelpText(
      'after',
      '\nLists the configured hosts; `grove hosts check` connects to them.\n\nExample:\n  grove hosts check',
    )
    .action(async (opts: { json?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        const list = selectHosts(ctx.config, []).map(([name, h]) => ({ name, ...h }));
        emit(list, {
          json: opts.json,
          pretty: true,
          human: (rows) =>
            rows
              .map(
                (h) =>
                  `${h.name.padEnd(12)} ${target(h.ssh, h.port).padEnd(30)} root ${h.root}  wip ${h.wip}`,
              )
              .join('\n'),
        });
      } finally {
        ctx.close();
      }
    });
  hosts
    .command('check [names...]')
    .description(
      'Connect to each host (or those named) and report: reachable, git, node, each configured agent CLI, root folder writable.',
    )
    .option('--json', 'print a JSON array of reports')
    .addHelpText(
      'after',
      '\nUses the system ssh client (your ~/.ssh/config and agent apply). Host keys are always checked:\nan unknown key fails with how to add it. Exits 1 when anything on any host needs fixing.\n\nExample:\n  grove hosts check box1',
    )
    .action(async (names: string[], opts: { json?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        const reports = await checkHosts(
          { config: ctx.config, repoRoot: ctx.paths.mainRoot, stateDir: ctx.paths.stateDir },
          names,
        );
        emit(reports, {
          json: opts.json ?? hosts.opts<{ json?: boolean }>().json,
          pretty: true,
          human: renderReports,
        });
        if (reports.some((r) => !r.ok)) process.exitCode = EXIT_CODES.FAILED;
      } finally {
        ctx.close();
      }
    });
}

function target(ssh: string, port: number | undefined): string {
  return port === undefined ? ssh : `${ssh} port ${port}`;
}

function renderReports(reports: HostReport[]): string {
  const blocks = reports.map((r) => {
    const head = `${r.name} (${target(r.ssh, r.port)}): ${r.ok ? 'ready' : 'NOT READY'}`;
    const lines = r.items.map((i) => {
      const mark = i.ok ? '✓' : '✗';
      const hint = !i.ok && i.hint ? `\n      fix: ${i.hint}` : '';
      return `  ${mark} ${i.what}: ${i.detail}${hint}`;
    });
    return [head, ...lines].join('\n');
  });
  return blocks.join('\n\n');
}
