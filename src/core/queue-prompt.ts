import { formatCommand, RESULT_CONTRACT, trimOutputTail } from './prompt.js';

/**
 * The prompts after the merge queue sent a task back (src/core/queue/catch-up.ts decides which): a
 * conflict with the base's new commits, a queue test that failed on the merged result, and the note a
 * fix prompt carries when the gates failed after grove merged the base in. Pure: text in, text out.
 */

export interface PromptTaskRef {
  id: string;
  title: string;
  summary?: string | undefined;
}

export interface QueueContext {
  /** The base branch's name. */
  base: string;
  /** The task being sent back. */
  self: PromptTaskRef;
  /** Tasks that landed on the base since the branch left it (newest first). */
  landed: readonly PromptTaskRef[];
}

const describe = (t: PromptTaskRef): string =>
  `\`${t.id}\`: ${t.title}${t.summary ? ` — “${t.summary.trim()}”` : ''}`;

function landedSection(ctx: QueueContext, verb: string): string {
  if (ctx.landed.length === 0)
    return `No grove task landed on \`${ctx.base}\` since your branch left it; its new commits are someone else’s (see \`git log HEAD..${ctx.base}\`).`;
  return [
    `These tasks landed on \`${ctx.base}\` since your branch left it (${verb}):`,
    ...ctx.landed.map((t) => `- ${describe(t)}`),
  ].join('\n');
}

const files = (list: readonly string[]): string => list.map((f) => `- \`${f}\``).join('\n');

export type ConflictState =
  /** grove ran the merge/rebase in the worktree and stopped at the conflicts: the markers are there. */
  | { kind: 'markers'; how: 'merge' | 'rebase' }
  /** grove did not touch the worktree, for `why`. */
  | { kind: 'untouched'; why: string };

/** The branch conflicts with the base's new commits. */
export function buildConflictPrompt(
  ctx: QueueContext & { files: readonly string[]; state: ConflictState },
): string {
  const { base, state } = ctx;
  const intent = [
    `What each side intended: yours is ${describe(ctx.self)}; theirs are the tasks above. Keep both:`,
    'the result must do what your task asks and still do what theirs did.',
  ].join('\n');
  const how =
    state.kind === 'markers'
      ? [
          state.how === 'merge'
            ? `grove ran \`git merge ${base}\` in your worktree and git stopped at conflicts: the conflict markers (\`<<<<<<<\`, \`=======\`, \`>>>>>>>\`) are in these files now:`
            : `grove ran \`git rebase ${base}\` in your worktree and git stopped at conflicts: the rebase is in progress and the conflict markers (\`<<<<<<<\`, \`=======\`, \`>>>>>>>\`) are in these files now:`,
          files(ctx.files),
          intent,
          state.how === 'merge'
            ? 'What to do: edit each file to the resolved content (no markers left), finish the merge with `git add <files>` and `git commit --no-edit`, then run the checks.'
            : 'What to do: edit each file to the resolved content (no markers left), then `git add <files>` and `git rebase --continue`; repeat for each commit git stops at until the rebase is done, then run the checks.',
          'Do not abort the merge, and do not edit files outside the ones you own.',
        ]
      : [
          `grove did not touch your worktree: ${state.why}. Git reports conflicts in:`,
          files(ctx.files),
          intent,
          `What to do: finish what you are doing, commit it, then merge the base yourself (\`git merge ${base}\`), resolve the conflicts, \`git add <files>\` and \`git commit --no-edit\`, and run the checks.`,
        ];
  return [
    `The merge queue could not land your branch: it conflicts with new commits on \`${base}\`.`,
    landedSection(ctx, 'their changes are what yours conflict with'),
    ...how,
    '',
    RESULT_CONTRACT,
    '',
  ].join('\n');
}

export interface QueueTestFailure {
  command: string;
  output: string;
}

/** The queue's test failed on base + this branch, and the worktree already holds that base. */
export function buildQueueTestPrompt(ctx: QueueContext & QueueTestFailure & { untouched?: string }): string {
  const reproduce = ctx.untouched
    ? `grove did not touch your worktree: ${ctx.untouched}. Finish and commit what you are doing, merge \`${ctx.base}\` yourself (\`git merge ${ctx.base}\`), run the command to reproduce the failure, fix the cause in the files you own (keeping what the tasks above did), run the checks, and commit.`
    : `Your worktree already holds \`${ctx.base}\` as the queue tested it, so the command fails there too: run it to reproduce, fix the cause in the files you own (keeping what the tasks above did), run the checks, and commit.`;
  return [
    `The merge queue’s test failed on your branch merged with \`${ctx.base}\` (it passed in your branch alone).`,
    landedSection(ctx, 'your branch was tested together with them'),
    `Command: \`${ctx.command}\``,
    'Output (the end):',
    '```',
    trimOutputTail(ctx.output),
    '```',
    reproduce,
    '',
    RESULT_CONTRACT,
    '',
  ].join('\n');
}

/** A fix prompt's note when the gates failed right after grove merged the base in (no agent round yet). */
export function catchUpNote(
  ctx: QueueContext & {
    commit: string;
    failure: { kind: 'conflict' } | ({ kind: 'test-failed' } & QueueTestFailure);
  },
): string {
  const why =
    ctx.failure.kind === 'conflict'
      ? `The merge queue found your branch conflicting with \`${ctx.base}\`; grove merged \`${ctx.base}\` into it (commit ${ctx.commit.slice(0, 8)}) and git resolved the conflict itself, but the checks below fail on the result.`
      : `The merge queue’s test \`${formatCommand(ctx.failure.command)}\` failed on your branch merged with \`${ctx.base}\`; grove merged \`${ctx.base}\` into your branch (commit ${ctx.commit.slice(0, 8)}), so your worktree holds what the queue tested, and the checks below fail there too.`;
  return [
    '## Why this came back',
    why,
    landedSection(ctx, 'your branch now contains them'),
    'Fix it keeping what those tasks did.',
  ].join('\n');
}
