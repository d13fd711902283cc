import { closeSync, openSync, readdirSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Output of one stream is a sequence of segments of exactly `segmentBytes` bytes each (the last one
 * growing): segment 0 is `<base>`, segment k is `<base>.<k>`. A global byte offset o lives in segment
 * floor(o / segmentBytes), so offsets stay valid across rotation. Only the current and the previous
 * segment are kept.
 */
export function segmentPath(base: string, index: number): string {
  return index === 0 ? base : `${base}.${index}`;
}

/** The indexes of the segments of `base` present on disk, ascending. */
export function listSegments(base: string): number[] {
  const name = basename(base);
  let entries: string[];
  try {
    entries = readdirSync(dirname(base));
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const entry of entries) {
    if (entry === name) found.push(0);
    else if (entry.startsWith(`${name}.`)) {
      const rest = entry.slice(name.length + 1);
      if (/^[1-9]\d*$/.test(rest)) found.push(Number(rest));
    }
  }
  return found.sort((a, b) => a - b);
}

/** Appends to a segmented stream, rotating at `segmentBytes`. Synchronous: output stays in order. */
export class SegmentWriter {
  private index = 0;
  private used = 0;
  private fd: number;

  constructor(
    private readonly base: string,
    private readonly segmentBytes: number,
  ) {
    this.fd = openSync(segmentPath(base, 0), 'a');
  }

  /** Total bytes written so far (the global offset of the next byte). */
  get written(): number {
    return this.index * this.segmentBytes + this.used;
  }

  write(chunk: Buffer): void {
    let rest = chunk;
    while (rest.length > 0) {
      if (this.used === this.segmentBytes) this.rotate();
      const take = Math.min(rest.length, this.segmentBytes - this.used);
      writeAll(this.fd, rest.subarray(0, take));
      this.used += take;
      rest = rest.subarray(take);
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  private rotate(): void {
    closeSync(this.fd);
    this.index += 1;
    this.used = 0;
    this.fd = openSync(segmentPath(this.base, this.index), 'a');
    if (this.index >= 2) {
      try {
        unlinkSync(segmentPath(this.base, this.index - 2));
      } catch {
        // already gone
      }
    }
  }
}

function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}
