import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { listSegments, segmentPath } from './supervisor-segments.js';

/** One segmented output stream (see supervisor-segments.ts). */
export interface StreamFiles {
  path: string;
  segmentBytes: number;
}

export interface ReadOptions {
  /** Most bytes read per call (memory bound); default 4 MiB. */
  maxBytes?: number;
  /** Longest line kept; longer lines are cut to this and marked. Default 1 MiB. */
  maxLineBytes?: number;
  /** The writer is done: a last line without a newline counts as a line. */
  final?: boolean;
  /** Read nothing at or beyond this offset (re-reading what was already stored, up to its offset). */
  until?: number;
}

export interface ReadResult {
  lines: string[];
  /** Where the next call starts: always just after a line end, or inside a cut-off long line. */
  offset: number;
  /** Bytes lost because rotation deleted them before they were read. */
  skippedBytes: number;
  /** How many lines were longer than maxLineBytes and cut. */
  truncatedLines: number;
  /** More complete data may be waiting (the call stopped at maxBytes). */
  more: boolean;
}

export const TRUNCATED_MARK = ' …[grove: line truncated]';
const NL = 0x0a;

/**
 * Reads the complete lines written after `offset`. A partial last line stays for next time. Stateless:
 * an offset not just after a newline means "inside a line that was cut", whose rest is skipped.
 */
export function readNewLines(stream: StreamFiles, offset: number, options: ReadOptions = {}): ReadResult {
  const maxLine = options.maxLineBytes ?? 1024 * 1024;
  const maxBytes = Math.max(options.maxBytes ?? 4 * 1024 * 1024, maxLine + 1);
  const result: ReadResult = { lines: [], offset, skippedBytes: 0, truncatedLines: 0, more: false };
  if (nothingWrittenAfter(stream, offset)) return result;
  const source = new SegmentSource(stream, options.until ?? Infinity);

  let pos = offset;
  let midLine = false;
  const firstAvailable = source.firstAvailable(pos);
  if (firstAvailable === undefined) return result;
  if (firstAvailable > pos) {
    result.skippedBytes = firstAvailable - pos;
    pos = firstAvailable;
    midLine = true; // the byte before was lost: we cannot know a line starts here
  } else if (pos > 0) {
    const before = source.read(pos - 1, 1);
    midLine = before.length === 1 && before[0] !== NL;
  }

  if (midLine) {
    const end = source.scanForNewline(pos);
    if (end === undefined) {
      result.offset = source.end();
      return result;
    }
    pos = end + 1;
  }

  const buf = source.read(pos, maxBytes);
  let start = 0;
  for (let i = buf.indexOf(NL); i !== -1; i = buf.indexOf(NL, start)) {
    pushLine(result, buf.subarray(start, i), maxLine);
    start = i + 1;
  }
  pos += start;
  const rest = buf.subarray(start);
  if (rest.length >= maxLine) {
    // A line longer than the limit: keep its head, skip to its end (or to what exists of it).
    pushLine(result, rest, maxLine);
    const end = source.scanForNewline(pos + rest.length);
    pos = end === undefined ? source.end() : end + 1;
  } else if (options.final && rest.length > 0 && buf.length < maxBytes) {
    pushLine(result, rest, maxLine);
    pos += rest.length;
  }
  result.more = buf.length === maxBytes;
  result.offset = pos;
  return result;
}

/**
 * True when the segment holding `offset` ends at or before it and is not full (so no later segment
 * exists yet): nothing new, known from one stat, without listing the folder (the usual case of a
 * monitor pass over a quiet stream). False when it cannot tell that cheaply.
 */
function nothingWrittenAfter(stream: StreamFiles, offset: number): boolean {
  const k = Math.floor(offset / stream.segmentBytes);
  const size = statSync(segmentPath(stream.path, k), { throwIfNoEntry: false })?.size;
  return size !== undefined && size < stream.segmentBytes && k * stream.segmentBytes + size <= offset;
}

function pushLine(result: ReadResult, bytes: Buffer, maxLine: number): void {
  let line = bytes;
  if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, -1);
  if (line.length > maxLine) {
    result.lines.push(line.subarray(0, maxLine).toString('utf8') + TRUNCATED_MARK);
    result.truncatedLines += 1;
  } else {
    result.lines.push(line.toString('utf8'));
  }
}

/** Reads global byte ranges across segment files. */
class SegmentSource {
  private readonly present: number[];

  constructor(
    private readonly stream: StreamFiles,
    private readonly limit: number,
  ) {
    this.present = listSegments(stream.path);
  }

  /** The first global offset ≥ `pos` that still exists on disk, undefined when nothing is there. */
  firstAvailable(pos: number): number | undefined {
    const want = Math.floor(pos / this.stream.segmentBytes);
    if (this.present.includes(want)) return pos;
    const later = this.present.find((k) => k > want);
    return later === undefined ? undefined : later * this.stream.segmentBytes;
  }

  /** One past the last byte on disk. */
  end(): number {
    const last = this.present[this.present.length - 1];
    if (last === undefined) return 0;
    let end: number;
    try {
      end = last * this.stream.segmentBytes + statSync(segmentPath(this.stream.path, last)).size;
    } catch {
      end = last * this.stream.segmentBytes;
    }
    return Math.min(end, this.limit);
  }

  /** Up to `length` bytes from global offset `pos` (fewer at the end of the data). */
  read(pos: number, wanted: number): Buffer {
    const size = this.stream.segmentBytes;
    const length = Math.max(0, Math.min(wanted, this.limit - pos));
    const chunks: Buffer[] = [];
    let got = 0;
    let at = pos;
    while (got < length) {
      const k = Math.floor(at / size);
      if (!this.present.includes(k)) break;
      const want = Math.min(length - got, size - (at - k * size));
      const chunk = readRange(segmentPath(this.stream.path, k), at - k * size, want);
      if (chunk.length === 0) break;
      chunks.push(chunk);
      got += chunk.length;
      at += chunk.length;
      if (at % size !== 0) break; // short of the segment's end: no more data yet
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  }

  /** The global offset of the next newline at or after `pos`, reading in small chunks. */
  scanForNewline(pos: number): number | undefined {
    let at = pos;
    for (;;) {
      const chunk = this.read(at, 64 * 1024);
      if (chunk.length === 0) return undefined;
      const i = chunk.indexOf(NL);
      if (i !== -1) return at + i;
      at += chunk.length;
    }
  }
}

function readRange(path: string, position: number, length: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return Buffer.alloc(0);
  }
  try {
    const want = Math.max(0, Math.min(length, fstatSync(fd).size - position));
    const buf = Buffer.allocUnsafe(want);
    let n = 0;
    while (n < want) {
      const r = readSync(fd, buf, n, want - n, position + n);
      if (r === 0) break;
      n += r;
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
