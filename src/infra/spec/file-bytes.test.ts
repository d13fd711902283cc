import { describe, expect, it } from 'vitest';
import { decodeSpecBytes, TASK_FILE_MAX_BYTES } from './file-bytes.js';

const FILE = '.grove/tasks/a.md';
/** `file:line: message — hint` of each problem, or 'ok'. */
const shown = (r: ReturnType<typeof decodeSpecBytes>): string[] | 'ok' =>
  r.kind === 'ok'
    ? 'ok'
    : r.problems.map((p) => `${p.file}:${p.line}: ${p.severity}: ${p.message} — ${p.hint}`);
const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('decodeSpecBytes', () => {
  it('decodes valid UTF-8 (multi-byte characters, a BOM) unchanged', () => {
    const text = '---\nid: a\ntitle: Grüße 👋\n---\nbody\n';
    expect(decodeSpecBytes(bytes(text), FILE)).toEqual({ kind: 'ok', text });
    expect(decodeSpecBytes(bytes([0xef, 0xbb, 0xbf], text), FILE)).toEqual({ kind: 'ok', text });
  });

  it('refuses invalid UTF-8 naming the line and the byte', () => {
    const r = shown(decodeSpecBytes(bytes('---\nid: a\ntitle: caf', [0xe9], ' ok\n---\n'), FILE));
    expect(r).toEqual([
      `${FILE}:3: error: is not valid UTF-8 (byte 11 of the line) — re-save the file as UTF-8 (e.g. \`iconv -f latin1 -t utf-8\`)`,
    ]);
  });

  it('refuses a truncated multi-byte sequence at the end and an overlong encoding', () => {
    for (const bad of [
      [0xe2, 0x82],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
    ]) {
      const r = shown(decodeSpecBytes(bytes('a\nb', bad), FILE));
      expect(r).toHaveLength(1);
      expect(r[0]).toContain(`${FILE}:2: error: is not valid UTF-8 (byte 2 of the line)`);
    }
  });

  it('refuses a NUL byte naming its line', () => {
    const r = shown(decodeSpecBytes(bytes('---\nid: a\n---\nline 4\nli', [0], 'ne 5\n'), FILE));
    expect(r).toHaveLength(1);
    expect(r[0]).toContain(`${FILE}:5: error: contains a NUL byte (byte 3 of the line)`);
  });

  it('reports at most five bad lines', () => {
    const r = decodeSpecBytes(bytes(...Array.from({ length: 20 }, () => [0xff, 0x0a])), FILE);
    expect(r.kind === 'bad' && r.problems.map((p) => p.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses a file over the limit on the line where it crosses it, stating the limit', () => {
    const line = `${'x'.repeat(99)}\n`; // 100 bytes a line
    const text = line.repeat(2048); // 200 KiB
    const r = shown(decodeSpecBytes(bytes(text), FILE, { maxBytes: TASK_FILE_MAX_BYTES }));
    expect(r).toHaveLength(1);
    expect(r[0]).toContain(
      `${FILE}:1025: error: the file is 200 KiB (204800 bytes); a task file may be at most 100 KiB (102400 bytes)`,
    );
    expect(r[0]).toContain('list it under `reads`');
    // Exactly at the limit is fine; without a limit (the config) any size is.
    expect(
      decodeSpecBytes(bytes(text.slice(0, TASK_FILE_MAX_BYTES)), FILE, { maxBytes: TASK_FILE_MAX_BYTES })
        .kind,
    ).toBe('ok');
    expect(decodeSpecBytes(bytes(text), FILE).kind).toBe('ok');
  });
});
