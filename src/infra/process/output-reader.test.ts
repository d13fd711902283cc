import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readNewLines, TRUNCATED_MARK } from './output-reader.js';
import { listSegments, SegmentWriter } from './supervisor-segments.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'grove-reader-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function stream(segmentBytes: number): { path: string; segmentBytes: number; w: SegmentWriter } {
  const path = join(dir, '1.stdout');
  return { path, segmentBytes, w: new SegmentWriter(path, segmentBytes) };
}

describe('readNewLines', () => {
  it('returns complete lines and leaves a partial last line for next time', () => {
    const s = stream(1024);
    s.w.write(Buffer.from('one\ntwo\nthr'));
    const a = readNewLines(s, 0);
    expect(a.lines).toEqual(['one', 'two']);
    expect(a.offset).toBe(8);
    s.w.write(Buffer.from('ee\n'));
    const b = readNewLines(s, a.offset);
    expect(b.lines).toEqual(['three']);
    expect(b.offset).toBe(14);
    expect(readNewLines(s, b.offset).lines).toEqual([]);
  });

  it('reads lines that straddle segment boundaries, keeping global offsets', () => {
    const s = stream(5);
    s.w.write(Buffer.from('abc\ndefgh\n'));
    expect(listSegments(s.path)).toEqual([0, 1]);
    const a = readNewLines(s, 4);
    expect(a.lines).toEqual(['defgh']);
    expect(a.offset).toBe(10);
    s.w.write(Buffer.from('ij\n'));
    expect(listSegments(s.path)).toEqual([1, 2]); // segment 0 deleted when segment 2 began
    const b = readNewLines(s, a.offset);
    expect(b).toMatchObject({ lines: ['ij'], offset: 13, skippedBytes: 0 });
  });

  it('skips bytes lost to rotation, reports them, and drops the cut-off line fragment', () => {
    const s = stream(8);
    const text = Array.from({ length: 10 }, (_, i) => `line-${i}\n`).join(''); // 7 bytes each
    s.w.write(Buffer.from(text));
    const r = readNewLines(s, 0);
    expect(r.skippedBytes).toBeGreaterThan(0);
    const first = listSegments(s.path)[0]!;
    expect(r.skippedBytes).toBe(first * 8);
    // every line returned is whole, and they are the last ones, in order
    expect(r.lines.length).toBeGreaterThan(0);
    expect(r.lines).toEqual(
      Array.from({ length: r.lines.length }, (_, i) => `line-${10 - r.lines.length + i}`),
    );
    expect(r.offset).toBe(text.length);
  });

  it('cuts a line longer than the limit and skips its rest, even while it is still being written', () => {
    const s = stream(1 << 20);
    s.w.write(Buffer.from('short\n' + 'x'.repeat(250)));
    const a = readNewLines(s, 0, { maxLineBytes: 100 });
    expect(a.lines).toEqual(['short', 'x'.repeat(100) + TRUNCATED_MARK]);
    expect(a.truncatedLines).toBe(1);
    expect(a.offset).toBe(256);
    s.w.write(Buffer.from('y'.repeat(300) + '\nnext\n'));
    const b = readNewLines(s, a.offset, { maxLineBytes: 100 });
    expect(b.lines).toEqual(['next']);
    expect(b.offset).toBe(256 + 301 + 5);
  });

  it('stops at maxBytes and says there is more', () => {
    const s = stream(1 << 20);
    s.w.write(Buffer.from('aaaa\n'.repeat(100)));
    const r = readNewLines(s, 0, { maxBytes: 101, maxLineBytes: 100 });
    expect(r.lines).toHaveLength(20);
    expect(r.more).toBe(true);
    expect(readNewLines(s, r.offset, { maxBytes: 1000 }).lines).toHaveLength(80);
  });

  it('counts a last line without newline once the writer is done', () => {
    const s = stream(1024);
    s.w.write(Buffer.from('a\nb'));
    expect(readNewLines(s, 0).lines).toEqual(['a']);
    const r = readNewLines(s, 0, { final: true });
    expect(r.lines).toEqual(['a', 'b']);
    expect(r.offset).toBe(3);
  });

  it('stops before `until`, so already-stored output can be replayed exactly', () => {
    const s = stream(4 * 1024);
    s.w.write(Buffer.from('ab\ncd\nef\n'));
    expect(readNewLines(s, 0, { until: 6 })).toMatchObject({ lines: ['ab', 'cd'], offset: 6 });
    expect(readNewLines(s, 0, { until: 5 })).toMatchObject({ lines: ['ab'], offset: 3 });
    expect(readNewLines(s, 6, { until: 6 })).toMatchObject({ lines: [], offset: 6 });
  });

  it('returns nothing for a stream with no file yet', () => {
    const r = readNewLines({ path: join(dir, 'none.stdout'), segmentBytes: 10 }, 0);
    expect(r).toMatchObject({ lines: [], offset: 0, skippedBytes: 0 });
  });
});
