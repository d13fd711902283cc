// The bytes of a spec file before any parsing: UTF-8 only, no NUL, and (task files) a size limit. Pure.
import type { SpecProblem } from '../../shared/errors.js';

/**
 * The most a task file (front matter and body) may hold. The task becomes the agent's prompt, passed
 * as one command-line argument, and Linux refuses a single argument over 128 KiB (MAX_ARG_STRLEN):
 * 100 KiB leaves room for what grove adds (gates, instructions, failure notes).
 */
export const TASK_FILE_MAX_BYTES = 100 * 1024;

export type SpecText = { kind: 'ok'; text: string } | { kind: 'bad'; problems: SpecProblem[] };

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** At most this many byte problems per file: one bad encoding usually spoils many lines. */
const MAX_PROBLEMS = 5;

/**
 * Checks and decodes a spec file. `maxBytes` is left out for the config. Every problem names the line
 * (1-based) it is on; the byte limit is reported on the line where the file crosses it.
 */
export function decodeSpecBytes(
  bytes: Uint8Array,
  file: string,
  options: { maxBytes?: number } = {},
): SpecText {
  const problems: SpecProblem[] = [];
  const problem = (line: number, message: string, hint: string): void => {
    problems.push({ file, line, field: '', message, hint, severity: 'error' });
  };
  let start = 0;
  let line = 1;
  let byteProblems = 0;
  // A newline byte (0x0A) never occurs inside a multi-byte UTF-8 sequence, so each line decodes alone.
  while (start <= bytes.length && byteProblems < MAX_PROBLEMS) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    const chunk = bytes.subarray(start, end);
    const nul = chunk.indexOf(0);
    if (nul !== -1) {
      byteProblems++;
      problem(
        line,
        `contains a NUL byte (byte ${nul + 1} of the line)`,
        'remove the NUL byte(s); an agent cannot receive them (a command-line argument ends at NUL)',
      );
    } else {
      try {
        fatalUtf8.decode(chunk);
      } catch {
        byteProblems++;
        problem(
          line,
          `is not valid UTF-8 (byte ${firstInvalidUtf8(chunk) + 1} of the line)`,
          're-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)',
        );
      }
    }
    start = end + 1;
    line++;
  }
  if (options.maxBytes !== undefined && bytes.length > options.maxBytes) {
    problem(
      lineAt(bytes, options.maxBytes),
      `the file is ${kib(bytes.length)} (${bytes.length} bytes); a task file may be at most ${kib(options.maxBytes)} (${options.maxBytes} bytes), because the task is given to the agent as one command-line argument`,
      'shorten the task: put long material (logs, data, specs) in a file in the repository and list it under `reads`',
    );
  }
  if (problems.length > 0) return { kind: 'bad', problems };
  return { kind: 'ok', text: new TextDecoder('utf-8').decode(bytes) };
}

function kib(bytes: number): string {
  const k = bytes / 1024;
  return `${Number.isInteger(k) ? k : k.toFixed(1)} KiB`;
}

/** 1-based line of the byte at `offset`. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Index of the first byte that starts no valid UTF-8 sequence (the chunk is known to be invalid). */
function firstInvalidUtf8(chunk: Uint8Array): number {
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i]!;
    let n: number;
    if (b < 0x80) continue;
    else if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) n = 2;
    else if (b >= 0xf0 && b <= 0xf4) n = 3;
    else return i;
    const seq = chunk.subarray(i, i + n + 1);
    try {
      fatalUtf8.decode(seq);
    } catch {
      return i;
    }
    i += n;
  }
  return 0;
}
