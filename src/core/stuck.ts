/**
 * Stuck detection: the same failure again and again. Error text is normalised (everything that changes
 * between two runs of the same failure is replaced by a placeholder) and hashed to a short stable id.
 */
import { stripAnsi } from './text.js';

/** Ordered: earlier rules see the raw text, later ones the partly normalised one. */
const RULES: ReadonlyArray<[RegExp, string]> = [
  // ISO-8601 and common log timestamps, clock times.
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [/\b\d{4}-\d{2}-\d{2}\b/g, '<date>'],
  [/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, '<time>'],
  // Temporary directories and per-run paths (before line:col so their digits go too).
  [
    /(?:\/private)?\/(?:tmp|var\/folders|var\/tmp)\/[^\s:'"`),]*|[A-Za-z]:\\(?:Users\\[^\\\s]+\\AppData\\Local\\)?Temp\\[^\s:'"`),]*/g,
    '<tmp>',
  ],
  // Worktree paths of grove itself: ../repo.grove/<task>/...
  [/[^\s:'"`(]*\.grove\/[a-z0-9-]+\//g, '<wt>/'],
  // file:line:col and file:line → file:<n>.
  [/:\d+:\d+\b/g, ':<n>:<n>'],
  [/(\.[A-Za-z]{1,5}):\d+\b/g, '$1:<n>'],
  [/\bline \d+(?:,? col(?:umn)? \d+)?/gi, 'line <n>'],
  // Process ids.
  [/\b(pid|PID|process)[ =:#]*\d+/g, '$1 <pid>'],
  // UUIDs, long hex ids (git shas, hashes, addresses).
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, '<hex>'],
  // Durations: "12ms", "1.5s", "3 seconds", "(2 ms)".
  [/\b\d+(?:\.\d+)?\s?(?:ns|µs|us|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)\b/gi, '<dur>'],
  // Any remaining number.
  [/\b\d+(?:\.\d+)?\b/g, '<n>'],
];

/**
 * The failure text with ANSI colours, timestamps, durations, temp paths, line:col numbers, pids, hex ids
 * and numbers replaced by placeholders, whitespace collapsed and blank lines dropped. Two runs of the same
 * failure give the same string.
 */
export function normaliseFailure(text: string): string {
  let out = stripAnsi(text).replace(/\r\n?/g, '\n');
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/** 32-bit FNV-1a over the UTF-16 code units of `text` (stable across platforms and runs). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** A short stable id for any text: 8 hex characters of FNV-1a. */
export function shortHash(text: string): string {
  return fnv1a32(text).toString(16).padStart(8, '0');
}

const ERROR_LINE =
  /\b(?:error|errors|fail|fails|failed|failure|exception|panic|assert\w*|expected|cannot|can't|unable|undefined|not found|no such|denied|refused|timed out|timeout)\b|[✗×✘]/i;

/**
 * What identifies a failure in long output: its error-like lines (normalised, each once, sorted — parallel
 * test runners print them in any order), or the whole normalised text when no line looks like an error.
 */
export function failureSignature(text: string): string {
  const normalised = normaliseFailure(text);
  const errors = [...new Set(normalised.split('\n').filter((l) => ERROR_LINE.test(l)))].sort();
  return errors.length > 0 ? errors.join('\n') : normalised;
}

/**
 * The fingerprint of a failure: `<label>:<hash>` where label is an optional gate or source name
 * (`test:3f2a19c0`), so the same text from two different gates counts as two different failures.
 */
export function failureFingerprint(text: string, label?: string): string {
  const hash = shortHash(failureSignature(text));
  return label ? `${label}:${hash}` : hash;
}

/** How many times the last fingerprint repeats at the end of the list (0 for an empty list). */
export function consecutiveRepeats(fingerprints: readonly string[]): number {
  const last = fingerprints[fingerprints.length - 1];
  if (last === undefined) return 0;
  let n = 0;
  for (let i = fingerprints.length - 1; i >= 0 && fingerprints[i] === last; i -= 1) n += 1;
  return n;
}

export type StuckCheck =
  | { kind: 'ok'; repeats: number }
  | { kind: 'stuck'; reason: 'repeated-failure'; fingerprint: string; repeats: number }
  | { kind: 'stuck'; reason: 'idle'; idleMs: number };

/**
 * Is an attempt stuck? Either its last `repeats` failure fingerprints are the same, or it has printed
 * nothing for `idleMs` while it should be working (`lastOutputAt` null: measure from `startedAt`).
 */
export function checkStuck(input: {
  fingerprints: readonly string[];
  repeats: number;
  active: boolean;
  lastOutputAt: number | null;
  startedAt: number | null;
  now: number;
  idleMs: number;
}): StuckCheck {
  const repeats = consecutiveRepeats(input.fingerprints);
  const last = input.fingerprints[input.fingerprints.length - 1];
  if (last !== undefined && repeats >= input.repeats) {
    return { kind: 'stuck', reason: 'repeated-failure', fingerprint: last, repeats };
  }
  const since = input.lastOutputAt ?? input.startedAt;
  if (input.active && since !== null && input.now - since >= input.idleMs) {
    return { kind: 'stuck', reason: 'idle', idleMs: input.now - since };
  }
  return { kind: 'ok', repeats };
}
