import type { Command } from '../shared/config.js';
import type { TaskSpec } from '../shared/task-spec.js';

/**
 * The prompts grove gives agents, built from the task spec: the first one, the fix-loop one after a
 * gate failed, and the one for a fresh session after the task got stuck. Pure: text in, text out.
 */

export interface PromptGate {
  name: string;
  command: Command;
}

export type PromptTask = Pick<TaskSpec, 'id' | 'title' | 'body' | 'owns' | 'reads' | 'accept'>;

export interface TaskPromptInput {
  task: PromptTask;
  /** The repository's gates, in the order grove runs them. */
  gates: readonly PromptGate[];
}

/** The result contract every prompt ends with (parsed back by core/agent-result.ts). */
export const RESULT_CONTRACT = [
  '## When you finish',
  'End your final message with a JSON block (and nothing after it):',
  '```json',
  '{"status": "completed|blocked|scope_expansion", "summary": "...", "learnings": ["..."]}',
  '```',
  '- `completed`: the work is done and the checks above pass. Commit your work on this branch.',
  '- `blocked`: you cannot finish; say why in `summary`.',
  '- `scope_expansion`: you need files outside the ones you own; list them in `"paths": [...]` and say',
  '  why in `"reason"`. Stop without editing them.',
  '- `learnings`: short, reusable lessons about this repository for the next engineer (may be empty).',
].join('\n');

/** Displays a command as a person would type it (array commands are quoted; never run from here). */
export function formatCommand(command: Command): string {
  if (typeof command === 'string') return command;
  return command
    .map((a) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

/** The last `maxLines` lines of `output`, at most `maxChars` characters, with a note when cut. */
export function trimOutputTail(
  output: string,
  options: { maxLines?: number; maxChars?: number } = {},
): string {
  const maxLines = options.maxLines ?? 80;
  const maxChars = options.maxChars ?? 4000;
  const lines = output.replace(/\s+$/, '').split('\n');
  let tail = lines.slice(-maxLines).join('\n');
  if (tail.length > maxChars) tail = tail.slice(tail.length - maxChars);
  const cut = tail.length < output.trimEnd().length;
  return cut ? `[… earlier output omitted …]\n${tail}` : tail;
}

function bullets(items: readonly string[]): string {
  return items.map((i) => `- ${i}`).join('\n');
}

function checksSection(task: PromptTask, gates: readonly PromptGate[]): string {
  const checks = [
    ...gates.map((g) => `\`${formatCommand(g.command)}\` (${g.name})`),
    ...task.accept.map((c) => `\`${formatCommand(c)}\` (acceptance)`),
  ];
  if (checks.length === 0) return '';
  return `## Before you finish\nRun these in your working directory and make them pass:\n${bullets(checks)}`;
}

/** The first prompt of a task. */
export function buildTaskPrompt(input: TaskPromptInput): string {
  const { task, gates } = input;
  const sections = [
    `# Task ${task.id}: ${task.title}`,
    task.body.trim(),
    [
      '## Files you own',
      'Edit only these paths (globs, relative to the repository root):',
      bullets(task.owns.map((p) => `\`${p}\``)),
      'If you need to change any other file, stop and report `scope_expansion` with the paths and why.',
      'Do not edit AGENTS.md or CLAUDE.md.',
    ].join('\n'),
    task.reads.length > 0 ? `## Read for context\n${bullets(task.reads.map((p) => `\`${p}\``))}` : '',
    checksSection(task, gates),
    RESULT_CONTRACT,
  ];
  return sections.filter((s) => s.length > 0).join('\n\n') + '\n';
}

/**
 * A follow-up (a fix, a conflict) for an agent with no session to resume: it gets the whole task first.
 * Both prompts end with the result contract; the agent reads it once, at the end.
 */
export function withTaskPrompt(taskPrompt: string, followUp: string): string {
  const without = (p: string): string => p.split(RESULT_CONTRACT).join('').trim();
  return `${without(taskPrompt)}\n\n${without(followUp)}\n\n${RESULT_CONTRACT}\n`;
}

export interface FixPromptInput {
  gate: string;
  command: Command;
  output: string;
  exitCode?: number | null;
  /** 1 for the first fix, ... */
  iteration?: number;
  maxIterations?: number;
  /** Why the gate ran again, when grove changed the branch itself first (queue-prompt.ts catchUpNote). */
  note?: string;
}

/** The fix-loop prompt sent to the same session after a gate failed. */
export function buildFixPrompt(input: FixPromptInput): string {
  const round =
    input.iteration !== undefined
      ? ` (fix ${input.iteration}${input.maxIterations !== undefined ? ` of ${input.maxIterations}` : ''})`
      : '';
  const exit =
    input.exitCode !== undefined && input.exitCode !== null ? ` with exit code ${input.exitCode}` : '';
  return (
    [
      `The \`${input.gate}\` check failed${exit}${round}.`,
      `Command: \`${formatCommand(input.command)}\``,
      'Output (the end):',
      '```',
      trimOutputTail(input.output),
      '```',
      ...(input.note ? [input.note] : []),
      'Fix the cause in the files you own, run the command again until it passes, and commit.',
      RESULT_CONTRACT,
    ].join('\n') + '\n'
  );
}

export interface FailureNote {
  /** What failed, e.g. "gate test" or "agent error". */
  what: string;
  /** The error as seen (trimmed), or its fingerprint. */
  detail: string;
  /** How many times in a row. */
  times?: number;
}

export interface ReassignPromptInput extends TaskPromptInput {
  failures: readonly FailureNote[];
  /** The agent that got stuck, for the note. */
  previousAgent?: string;
  /** What the earlier session reported or tried (its summaries). */
  tried?: readonly string[];
}

/** The prompt for a fresh session after the task got stuck: the task, then what failed before. */
export function buildReassignPrompt(input: ReassignPromptInput): string {
  const who = input.previousAgent ? ` (agent \`${input.previousAgent}\`)` : '';
  const failures = input.failures.map((f) => {
    const times = f.times !== undefined && f.times > 1 ? ` (${f.times} times in a row)` : '';
    return `- ${f.what}${times}:\n\`\`\`\n${trimOutputTail(f.detail, { maxLines: 30, maxChars: 1500 })}\n\`\`\``;
  });
  const notes = [
    `## Notes from an earlier attempt`,
    `An earlier session on this task${who} got stuck and was stopped. Its branch may hold partial work:`,
    'check `git log` and `git diff` before you start, keep what is right, and take a different approach',
    'to what failed.',
    failures.length > 0 ? `What failed:\n${failures.join('\n')}` : '',
    input.tried && input.tried.length > 0 ? `What it tried:\n${bullets(input.tried)}` : '',
  ]
    .filter((s) => s.length > 0)
    .join('\n');
  const base = buildTaskPrompt(input);
  const cut = base.lastIndexOf(RESULT_CONTRACT);
  return `${base.slice(0, cut)}${notes}\n\n${RESULT_CONTRACT}\n`;
}
