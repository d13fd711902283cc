// A review comment anchored to a line of the new side of the task's diff, with that line's code quoted
// (the agent then needs no diff to find it). Pure: the diff's lines and the requests in, comments or the
// first problem out.
import type { NewSideLines } from './new-side-lines.js';

export interface CommentRequest {
  file: string;
  line: number;
}

export interface AnchoredComment {
  file: string;
  line: number;
  /** The code on that line of the new side. */
  quoted: string;
}

export type AnchorResult =
  { kind: 'anchored'; comments: AnchoredComment[] } | { kind: 'invalid'; message: string; hint: string };

/** A few line numbers the file's diff does show, for the hint: `12-15, 40`. */
function shownRanges(lines: ReadonlyMap<number, string>): string {
  const sorted = [...lines.keys()].sort((a, b) => a - b);
  const ranges: string[] = [];
  let start = sorted[0];
  let prev = start;
  for (const n of [...sorted.slice(1), undefined]) {
    if (n !== undefined && prev !== undefined && n === prev + 1) {
      prev = n;
      continue;
    }
    if (start !== undefined) ranges.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = n;
    prev = n;
  }
  return ranges.slice(0, 8).join(', ') + (ranges.length > 8 ? ', …' : '');
}

/** Anchors each request, or says which one does not name a line of the diff and what it could name. */
export function anchorComments(diff: NewSideLines, requests: readonly CommentRequest[]): AnchorResult {
  const comments: AnchoredComment[] = [];
  for (const r of requests) {
    const where = `${r.file}:${r.line}`;
    if (!Number.isInteger(r.line) || r.line < 1) {
      return {
        kind: 'invalid',
        message: `--line ${r.line} for ${r.file} is not a line number`,
        hint: 'give a line number of the new side of the diff, 1 or more',
      };
    }
    const lines = diff.get(r.file);
    if (!lines) {
      const files = [...diff.keys()].sort();
      return {
        kind: 'invalid',
        message: `${r.file} is not changed by the task, so ${where} is not in its diff`,
        hint: files.length
          ? `files in the diff: ${files.slice(0, 10).join(', ')}${files.length > 10 ? ', …' : ''}`
          : 'the task changes no file',
      };
    }
    const quoted = lines.get(r.line);
    if (quoted === undefined) {
      return {
        kind: 'invalid',
        message: `line ${r.line} of ${r.file} is not in the task's diff`,
        hint: `comment on a line the diff shows (new side): ${shownRanges(lines)}; see \`grove review\``,
      };
    }
    comments.push({ file: r.file, line: r.line, quoted });
  }
  return { kind: 'anchored', comments };
}
