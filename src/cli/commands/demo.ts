import { Option } from 'commander';
import type { Command } from 'commander';
import type { DemoAgent, DemoResult } from '../../app/demo/index.js';
import { DEMO_AGENTS, readDemoHosts, runDemo } from '../../app/demo/index.js';
import { renderReportMarkdown } from '../../core/report/index.js';
import { renderTrend } from '../../core/report/trend.js';
import type { ProgressMode } from '../progress/display.js';
import { ProgressDisplay } from '../progress/display.js';

interface DemoFlags {
  keep?: boolean;
  agent?: DemoAgent;
  json?: boolean;
  dashboard: boolean;
  hosts?: string;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'Run the whole loop on a throwaway sample repository (tiny-shop, 6 tasks, one of them best-of-3) with the scripted agent: ' +
        'parallel agents, a failing gate fixed, a conflict sorted out by the merge queue, the lead approving the plan ' +
        'and reviewing every change (one line comment the agent addresses), the cycle report and a learning proposal. Exit 0 when the cycle went as designed. Everything lives in one temp folder, removed at the end.',
    )
    .option(
      '--keep',
      'keep the temp folder (repository, worktrees, state) to look around and run `grove retro`',
    )
    .addOption(
      new Option(
        '--agent <name>',
        'run the tasks with this real agent CLI (installed and signed in)',
      ).choices(DEMO_AGENTS),
    )
    .option(
      '--hosts <file>',
      'run the tasks on SSH hosts: a YAML file with a `hosts:` map as in .grove/config.yaml (see scripts/demo-hosts.ts)',
    )
    .option('--json', 'print events and the result as JSON lines')
    .option('--no-dashboard', 'do not start the dashboard')
    .addHelpText(
      'after',
      '\nNo API key is needed: the scripted agent follows .grove/scripts/<task>.yaml in the sample.\n' +
        'With --agent claude|codex|gemini the real CLI does the work (it must be on PATH and signed in;\n' +
        'it costs tokens, and only "every task merged" is checked).\n\n' +
        'Examples:\n  npx grove demo\n  grove demo --keep --no-dashboard\n  grove demo --agent claude --keep\n  grove demo --hosts hosts.yaml\n  grove demo --json > demo.jsonl',
    )
    .action(async (opts: DemoFlags) => {
      process.exitCode = await demoCommand(opts);
    });
}

async function demoCommand(opts: DemoFlags): Promise<number> {
  const out = process.stdout;
  const json = opts.json ?? false;
  const mode: ProgressMode = json ? 'json' : out.isTTY ? 'tty' : 'plain';
  const say = (text: string) =>
    json ? undefined : holder.display ? holder.display.say(text) : out.write(`${text}\n`);
  const holder: { display?: ProgressDisplay } = {};
  const emit = (value: Record<string, unknown>) => out.write(`${JSON.stringify(value)}\n`);
  // A bad hosts file fails before anything is made.
  const hosts = opts.hosts !== undefined ? readDemoHosts(opts.hosts) : undefined;
  const where = hosts ? ` on hosts ${Object.keys(hosts).join(', ')}` : '';
  const abort = new AbortController();
  const interrupt = () => abort.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  // A closed stdout (e.g. piped into `head`) stops the demo cleanly instead of leaving its temp folder;
  // the listener stays for the rest of the process so a late write cannot crash it.
  out.on('error', interrupt);
  try {
    const result = await runDemo({
      keep: opts.keep ?? false,
      dashboard: opts.dashboard,
      signal: abort.signal,
      ...(opts.agent ? { agent: opts.agent } : {}),
      ...(hosts ? { hosts } : {}),
      observer: {
        prepared: ({ dir, root }) =>
          json
            ? emit({
                type: 'demo-start',
                dir,
                root,
                agent: opts.agent ?? 'scripted',
                ...(hosts ? { hosts: Object.keys(hosts) } : {}),
              })
            : say(
                `grove demo: a fresh sample repository in ${root} (6 tasks, ${opts.agent ?? 'scripted'} agent${where})`,
              ),
        started: (loop) => {
          holder.display = new ProgressDisplay(
            out,
            loop.rt.stores,
            loop.taskIds,
            loop.ctx.config.budgets.tokens,
            mode,
          );
        },
        stopped: () => {
          holder.display?.close();
          holder.display = undefined;
        },
        line: (n) => holder.display?.line(n),
        lead: (move) => (json ? emit({ type: 'lead', ...move }) : say(move.line)),
        step: () => holder.display?.update(),
        dashboard: (d) =>
          json
            ? emit({ type: 'dashboard', ...d })
            : say(
                'url' in d
                  ? `dashboard: ${d.url}`
                  : `dashboard not started: ${d.error} (--no-dashboard to skip it)`,
              ),
      },
    });
    if (json) emit({ type: 'demo', ok: result.outcome.ok, ...result });
    else out.write(renderResult(result));
    return result.end === 'interrupted' ? 130 : result.outcome.ok ? 0 : 1;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

function renderResult(r: DemoResult): string {
  const lines: string[] = ['', renderReportMarkdown(r.report), '', renderTrend(r.trend)];
  const retro = r.kept
    ? `cd ${r.root} && grove retro --json && cat AGENTS.md`
    : 'grove demo --keep, then `grove retro --json` and AGENTS.md in the sample repository';
  const decided = new Map(
    r.leadMoves.flatMap((m) =>
      m.kind === 'accept-lesson'
        ? [[m.id, 'accepted']]
        : m.kind === 'reject-lesson'
          ? [[m.id, 'rejected']]
          : [],
    ),
  );
  lines.push(`Learning proposals of cycle 1 (${r.proposals.length}), as the lead decided them:`);
  for (const p of r.proposals)
    lines.push(
      `  #${p.id} [${p.section}] ${decided.get(p.id) ?? 'waiting'}: ${p.entry}  (from ${p.tasks.join(', ')})`,
    );
  if (r.proposals.length > 0) lines.push(`  look again: ${retro}`);
  lines.push('', 'Outcome:');
  for (const c of r.outcome.checks) {
    const want = c.expected === null ? '' : ` (designed: ${c.expected})`;
    lines.push(`  ${c.ok ? '✓' : '✗'} ${c.name}: ${c.actual}${want}`);
  }
  if (r.outcome.fixes.length > 0) {
    lines.push(
      `    fixed after a failing gate: ${r.outcome.fixes.map((f) => `${f.task} (${f.gate})`).join(', ')}`,
    );
  }
  if (r.outcome.conflictsHandled.length > 0) {
    lines.push(`    conflict sent back and resolved: ${r.outcome.conflictsHandled.join(', ')}`);
  }
  for (const t of r.outcome.notMerged) lines.push(`    not merged: ${t.id} (${t.state})`);
  const secs = (r.elapsedMs / 1000).toFixed(1);
  const why: Record<DemoResult['end'], string> = {
    done: r.outcome.ok ? 'everything went as designed' : 'the cycle did not go as designed',
    deadline: 'stopped at the deadline before every task was done',
    interrupted: 'interrupted',
  };
  lines.push('', `grove demo: ${why[r.end]} in ${secs} s.`);
  lines.push(
    r.kept
      ? `Kept: ${r.dir} (in ${r.root}: grove status, grove dashboard, grove retro, grove report)`
      : 'The temp folder was removed (use --keep to look around).',
  );
  return `${lines.join('\n')}\n`;
}
