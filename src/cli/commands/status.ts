import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import type { WorkspaceStatus } from '../../app/workspace/status.js';
import { collectStatus, statusNotices } from '../../app/workspace/status.js';
import { requireKnownTasks } from '../known-tasks.js';

function ago(at: number | null, now: number): string {
  if (at === null) return '-';
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}

function landed(r: WorkspaceStatus): boolean {
  return r.state === 'merged' || r.state === 'cleaned';
}

/** The status table as text (exported for tests). */
export function formatStatusTable(rows: readonly WorkspaceStatus[], now: number): string {
  if (rows.length === 0) return 'no tasks (create one with `grove task new <title>`)\n';
  // A HOST column once any task runs on an SSH host (`local` for the others).
  const hosts = rows.some((r) => r.host !== null);
  const header = [
    'TASK',
    'STATE',
    ...(hosts ? ['HOST'] : []),
    'BRANCH',
    '±BASE',
    'DIFF',
    'DIRTY',
    'ACTIVITY',
    'PATH',
  ];
  const lines = rows.map((r) => [
    r.id,
    r.state,
    ...(hosts ? [r.host ?? 'local'] : []),
    r.branch ?? '-',
    // A merged task's work is on the base even when git counts its branch ahead (a squash or rebase
    // lands other commits than the branch's): say merged, and show a diff only for work since.
    landed(r) ? 'merged' : r.ahead === null ? '-' : `+${r.ahead} -${r.behind ?? 0}`,
    r.diff && !(landed(r) && !r.dirty && r.untracked === 0)
      ? `${r.diff.files}f +${r.diff.added} -${r.diff.deleted}`
      : '-',
    r.dirty ? 'dirty' : r.untracked > 0 ? `${r.untracked} new` : r.present ? 'clean' : '-',
    ago(r.lastActivity, now),
    r.worktree === null
      ? '-'
      : !r.present
        ? `${r.worktree} (missing)`
        : r.problem
          ? `${r.worktree} (${r.problem})`
          : r.worktree,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const scope = rows
    .filter((r) => r.scopeViolations.length > 0)
    .map((r) => `${r.id}: touched outside its owns: ${r.scopeViolations.join(', ')}`);
  const reasons = rows.flatMap((r) => (r.reason ? [`${r.id} is ${r.state}: ${r.reason}`] : []));
  return `${[fmt(header), ...lines.map(fmt), ...scope, ...reasons].join('\n')}\n`;
}

async function once(json: boolean, ids: string[] | undefined): Promise<string> {
  const ctx = await openProject(process.cwd());
  try {
    if (ids) requireKnownTasks(ctx, ids);
    const rows = await collectStatus(ctx, ids);
    if (json) return `${JSON.stringify(rows, null, 2)}\n`;
    const notices = statusNotices(ctx, ids);
    return formatStatusTable(rows, ctx.now()) + notices.map((n) => `${n}\n`).join('');
  } finally {
    ctx.close();
  }
}

function addStatus(cmd: Command): Command {
  return cmd
    .description(
      'One row per task: state, branch, ahead/behind the base, diff stat (uncommitted work included), dirty flag, last activity, path.',
    )
    .argument('[task...]', 'only these tasks')
    .option('--json', 'print the rows as JSON')
    .option('--watch', 'redraw in place every 2 seconds until Ctrl-C')
    .addHelpText('after', '\nExamples:\n  grove status\n  grove ls --json\n  grove status --watch')
    .action(async (tasks: string[], opts: { json?: boolean; watch?: boolean }) => {
      const ids = tasks.length > 0 ? tasks : undefined;
      if (!opts.watch) {
        process.stdout.write(await once(opts.json === true, ids));
        return;
      }
      let stopped = false;
      const stop = (): void => {
        stopped = true;
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      while (!stopped) {
        const text = await once(opts.json === true, ids);
        // Home the cursor, draw, clear whatever the previous frame left below.
        process.stdout.write(`\x1b[H${text.replace(/\n/g, '\x1b[K\n')}\x1b[J`);
        await new Promise((r) => setTimeout(r, 2000).unref());
        if (stopped) break;
      }
    });
}

export function register(program: Command): void {
  addStatus(program.command('status'));
  addStatus(program.command('ls'));
}
