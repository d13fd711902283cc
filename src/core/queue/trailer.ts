// The trailers grove writes on every commit its merge queue puts on the base (`Grove-Task: <id>`,
// `Grove-Attempt: <n>`), so git itself records which task landed: after a crash or a lost database
// grove reconciles with the base and never merges a task twice (issue 17, items 4 and 5).
import { TASK_ID_PATTERN } from '../../shared/task-spec.js';

export interface GroveTrailers {
  task: string;
  /** The attempt whose work landed (`attempts.n`, from 1); 0 when the work came without an attempt. */
  attempt: number;
}

const TASK_KEY = 'Grove-Task';
const ATTEMPT_KEY = 'Grove-Attempt';

/** The trailer block, one `Key: value` line each, ending in a newline. */
export function formatTrailers(t: GroveTrailers): string {
  if (!TASK_ID_PATTERN.test(t.task)) throw new Error(`not a task id: ${JSON.stringify(t.task)}`);
  if (!Number.isInteger(t.attempt) || t.attempt < 0) throw new Error(`not an attempt number: ${t.attempt}`);
  return `${TASK_KEY}: ${t.task}\n${ATTEMPT_KEY}: ${t.attempt}\n`;
}

/**
 * `message` with the trailers as its own last paragraph. Always a paragraph of its own, so text an
 * agent wrote (a summary, a replayed commit message) can never become part of grove's trailer block.
 */
export function withTrailers(message: string, t: GroveTrailers): string {
  const body = message.trimEnd();
  return `${body === '' ? '' : `${body}\n\n`}${formatTrailers(t)}`;
}

/**
 * The trailers of a commit message, read the way git reads trailers: only from its last paragraph.
 * Undefined when that paragraph does not name exactly one task and one attempt, or names a malformed
 * one (a commit grove did not write, or one written by hand to look like it).
 */
export function parseTrailers(message: string): GroveTrailers | undefined {
  const paragraphs = message
    .replace(/\r\n/g, '\n')
    .trimEnd()
    .split(/\n[ \t]*\n/);
  const last = paragraphs.at(-1);
  if (last === undefined || paragraphs.length < 2) return undefined;
  const tasks: string[] = [];
  const attempts: string[] = [];
  for (const line of last.split('\n')) {
    const m = /^([A-Za-z0-9-]+):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    if (key === TASK_KEY.toLowerCase()) tasks.push(m[2]!);
    else if (key === ATTEMPT_KEY.toLowerCase()) attempts.push(m[2]!);
  }
  if (tasks.length !== 1 || attempts.length !== 1) return undefined;
  const task = tasks[0]!;
  const attempt = Number(attempts[0]);
  if (!TASK_ID_PATTERN.test(task) || !/^(0|[1-9][0-9]{0,8})$/.test(attempts[0]!)) return undefined;
  return { task, attempt };
}
