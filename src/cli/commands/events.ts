import type { Command } from 'commander';
import type { Journal, JournalRow } from '../../infra/db/journal.js';
import { openJournal } from '../../app/open-journal.js';
import { GroveError } from '../../shared/errors.js';
import { formatJournalLine, taskColumnWidth } from '../output/journal-line.js';

/** How often `--follow` looks for new journal rows. */
const FOLLOW_POLL_MS = 250;

interface EventsOptions {
  type?: string[];
  json?: boolean;
  follow?: boolean;
  last?: number;
}

function collectTypes(value: string, previous: string[] | undefined): string[] {
  const types = value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (types.length === 0 || types.some((t) => !/^[a-z][a-z0-9_-]*$/.test(t)))
    throw new GroveError('USAGE', `--type takes event types like state,agent,gate, not "${value}"`, {
      hint: 'types: state, attempt, agent, gate, queue, conflict, notify, workspace, scope, note, … (or all)',
    });
  return [...(previous ?? []), ...types];
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) === 0)
    throw new GroveError('USAGE', `--last must be a positive whole number, not "${value}"`);
  return Number(value);
}

export function register(program: Command): void {
  program
    .command('events')
    .description(
      'Print the audit log: task state transitions with time and cause (other event types with --type).',
    )
    .argument('[task]', 'only this task')
    .option(
      '--type <types>',
      'event types, comma-separated or repeated: state (default), attempt, agent, gate, notify, lock, or all',
      collectTypes,
    )
    .option('-n, --last <n>', 'only the newest n events (before following)', parseCount)
    .option('--json', 'one JSON object per line: {id, at, task_id, attempt_id, type, data}')
    .option('-f, --follow', 'keep printing new events as they happen (Ctrl-C stops)')
    .addHelpText(
      'after',
      '\nExamples:\n  grove events                      # every state transition\n  grove events add-login --type all  # everything recorded for one task\n  grove events --type gate,notify --follow --json',
    )
    .action(async (task: string | undefined, opts: EventsOptions) => {
      const opened = await openJournal(process.cwd());
      try {
        const { journal, tasks } = opened;
        const asked = opts.type ?? ['state'];
        const types = asked.includes('all') ? undefined : asked;
        if (task !== undefined && !tasks.get(task) && journal.query({ taskId: task, last: 1 }).length === 0)
          throw new GroveError('TASK_NOT_FOUND', `no task "${task}" in the grove state`, {
            hint: 'run `grove status` to see the task ids',
          });
        const width = taskColumnWidth(tasks.list().map((t) => t.id));
        const print = (rows: JournalRow[]): void => {
          if (rows.length === 0) return;
          const lines = rows.map((r) => (opts.json ? JSON.stringify(r) : formatJournalLine(r, width)));
          process.stdout.write(`${lines.join('\n')}\n`);
        };
        const cut = journal.lastId();
        print(journal.query({ taskId: task, types, last: opts.last, upToId: cut }));
        if (opts.follow) await follow(journal, print, { taskId: task, types, afterId: cut });
      } finally {
        opened.close();
      }
    });
}

/** Polls the journal for rows after `afterId` until SIGINT/SIGTERM. */
async function follow(
  journal: Journal,
  print: (rows: JournalRow[]) => void,
  filter: { taskId: string | undefined; types: string[] | undefined; afterId: number },
): Promise<void> {
  let afterId = filter.afterId;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      // Read everything after the last id seen (filtered rows still move the cursor).
      const top = journal.lastId();
      if (top <= afterId) return;
      print(
        journal.query({ taskId: filter.taskId, types: filter.types, afterId }).filter((r) => r.id <= top),
      );
      afterId = top;
    }, FOLLOW_POLL_MS);
    const stop = (): void => {
      clearInterval(timer);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
