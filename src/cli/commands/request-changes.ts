import type { Command } from 'commander';
import { requestChanges } from '../../app/task-commands/index.js';
import { GroveError } from '../../shared/errors.js';
import { runLeadAction } from '../progress/lead-command.js';

/**
 * The options in the order given: each `-m` starts a comment; a `--file`/`--line` pair anchors the
 * comment it follows (or, before any `-m`, the first one). commander calls the parsers in argv order.
 */
interface Group {
  message: string | undefined;
  anchors: Array<{ file: string | undefined; line: number | undefined; lineText?: string }>;
}

function collector(): {
  groups: Group[];
  message: (v: string) => void;
  file: (v: string) => void;
  line: (v: string) => void;
} {
  const groups: Group[] = [];
  const current = (): Group => {
    if (groups.length === 0) groups.push({ message: undefined, anchors: [] });
    return groups.at(-1)!;
  };
  return {
    groups,
    message: (v) => {
      const g = groups.at(-1);
      if (g && g.message === undefined) g.message = v;
      else groups.push({ message: v, anchors: [] });
    },
    file: (v) => {
      const anchors = current().anchors;
      const open = anchors.at(-1);
      if (open && open.file === undefined) open.file = v;
      else anchors.push({ file: v, line: undefined });
    },
    line: (v) => {
      const anchors = current().anchors;
      const open = anchors.at(-1);
      const n = /^\d+$/.test(v) ? Number(v) : Number.NaN;
      if (open && open.line === undefined && open.lineText === undefined) {
        open.line = n;
        open.lineText = v;
      } else anchors.push({ file: undefined, line: n, lineText: v });
    },
  };
}

function usage(message: string, hint: string): GroveError {
  return new GroveError('USAGE', message, { hint });
}

/** The request: the first message, and each anchored comment with the text of its own `-m`. */
function toRequest(
  task: string,
  groups: readonly Group[],
): { message: string; comments: Array<{ file: string; line: number; text: string }> } {
  const comments: Array<{ file: string; line: number; text: string }> = [];
  const general: string[] = [];
  groups.forEach((g, i) => {
    for (const a of g.anchors) {
      if (a.file === undefined)
        throw usage(
          `--line ${a.lineText ?? ''} has no --file`,
          `name the file the line is in: grove request-changes ${task} -m "…" --file src/app.ts --line 12`,
        );
      if (a.line === undefined || Number.isNaN(a.line) || a.line < 1)
        throw usage(
          a.line === undefined
            ? `--file ${a.file} has no --line`
            : `--line ${a.lineText ?? ''} is not a line number`,
          `give the line of the new side of the diff: --file ${a.file} --line 12`,
        );
      comments.push({ file: a.file, line: a.line, text: i === 0 ? '' : (g.message ?? '') });
    }
    if (i === 0 || g.anchors.length === 0) general.push(g.message ?? '');
  });
  return { message: general.filter((m) => m.trim() !== '').join('\n\n'), comments };
}

export function register(program: Command): void {
  const c = collector();
  program
    .command('request-changes')
    .description(
      "Send a task in review back to its agent's SAME session with your message and line comments (file:line with the code quoted); after the agent and its gates it comes back to review.",
    )
    .argument('<task>', 'the task in review')
    .option(
      '-m, --message <text>',
      'what to change (required; repeat to comment on several lines)',
      c.message,
    )
    .option('--file <path>', 'anchor the message before it to a file of the diff (with --line)', c.file)
    .option('--line <n>', 'the line of that file, on the new side of the diff', c.line)
    .option(
      '--lesson',
      'also keep your comments (each line comment with its own words, else the message) as learning proposals for `grove retro`',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      [
        '',
        'Each -m may be followed by --file and --line: that message is a comment on that line. The first -m is',
        'the request itself; later -m without --file/--line add to it.',
        '',
        'Examples:',
        '  grove request-changes add-login -m "handle the empty password"',
        '  grove request-changes add-login -m "rename to isValid" --file src/login.ts --line 12',
        '  grove request-changes add-login -m "never log tokens in errors" --lesson',
        '  grove request-changes add-login -m "two things" -m "off by one" --file src/a.ts --line 3 -m "typo" --file src/b.ts --line 9',
        '',
        'Exit codes: 2 (USAGE) for an empty message, --line without --file, or a line not in the diff;',
        '10 (STATE_INVALID) when the task is not in review. Nothing changes on an error.',
      ].join('\n'),
    )
    .action(async (task: string, opts: { json?: boolean; lesson?: boolean }) => {
      await runLeadAction(
        task,
        opts.json,
        (ctx) =>
          requestChanges(ctx, task, 'cli', { ...toRequest(task, c.groups), lesson: opts.lesson ?? false }),
        (d) =>
          [
            d.message,
            ...d.comments.map((x) => `  ${x.file}:${x.line}  ${x.quoted.trim()}`),
            `${d.from} → ${d.to}; ${d.next}`,
          ].join('\n'),
      );
    });
}
