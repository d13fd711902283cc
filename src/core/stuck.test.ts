import { describe, expect, it } from 'vitest';
import {
  checkStuck,
  consecutiveRepeats,
  failureFingerprint,
  failureSignature,
  fnv1a32,
  normaliseFailure,
  shortHash,
} from './stuck.js';

describe('normaliseFailure: the same failure twice gives the same text', () => {
  it.each([
    ['timestamps', '2026-11-28T04:18:56.123Z ERROR boom', '2027-01-02T23:59:01Z ERROR boom'],
    ['clock times', '[04:18:56] build failed', '[13:02:11.5] build failed'],
    ['durations', 'Test timed out after 5000ms (took 5.2s)', 'Test timed out after 4999ms (took 4.8s)'],
    ['hex ids', 'object 3f2a19c0de is missing', 'object 9b1c0a77ee42f is missing'],
    [
      'uuids',
      'session 123e4567-e89b-12d3-a456-426614174000 died',
      'session 00000000-aaaa-4bbb-8ccc-111111111111 died',
    ],
    ['temp paths', "ENOENT: open '/tmp/grove-x81ks/a.txt'", "ENOENT: open '/tmp/grove-q0zz1/a.txt'"],
    ['macOS temp paths', 'at /var/folders/xy/abc123/T/foo.js', 'at /var/folders/zz/qq999/T/foo.js'],
    ['line:col', 'src/a.ts:12:5 - error TS2322', 'src/a.ts:40:17 - error TS2322'],
    ['file:line', 'at main (src/a.ts:12)', 'at main (src/a.ts:99)'],
    ['pids', 'process 4242 exited', 'process 77 exited'],
    ['pid=', 'killed pid=1234', 'killed pid=99'],
    ['ansi colours', '\u001b[31mFAIL\u001b[39m src/a.test.ts', 'FAIL src/a.test.ts'],
    ['CRLF and spacing', 'a  failed\r\n\r\n  b', 'a failed\nb'],
    [
      'worktree paths',
      '/home/u/app.grove/add-login/src/x.ts failed',
      '/srv/app.grove/fix-bug/src/x.ts failed',
    ],
    ['numbers', 'expected 3 to be 4', 'expected 10 to be 11'],
  ])('%s', (_name, a, b) => {
    expect(normaliseFailure(a)).toBe(normaliseFailure(b));
    expect(failureFingerprint(a)).toBe(failureFingerprint(b));
  });

  it.each([
    ['different messages', 'TypeError: x is undefined', 'ReferenceError: y is not defined'],
    ['different files', 'src/a.ts:1:1 - error TS2322', 'src/b.ts:1:1 - error TS2322'],
    ['different error codes', 'error TS2322', 'error TS2345'],
  ])('keeps %s apart', (_name, a, b) => {
    expect(failureFingerprint(a)).not.toBe(failureFingerprint(b));
  });

  it('keeps words that merely contain digits or hex letters', () => {
    expect(normaliseFailure('utf8 decode failed in base64 module')).toBe(
      'utf8 decode failed in base64 module',
    );
    expect(normaliseFailure('added 5 packages')).toBe('added <n> packages');
  });

  it('fingerprints long output by its error lines, in any order, ignoring progress noise', () => {
    const run1 = [
      ' RUN  v4.1.12 /tmp/w1',
      ' ✓ src/a.test.ts (3 tests) 12ms',
      ' × src/b.test.ts > parses > keeps order 4ms',
      '   AssertionError: expected [ 1, 2 ] to deeply equal [ 2, 1 ]',
      ' × src/c.test.ts > loads 2ms',
      ' Tests  2 failed | 3 passed (5)',
      ' Duration  457ms',
    ].join('\n');
    const run2 = [
      ' RUN  v4.1.12 /tmp/w2',
      ' × src/c.test.ts > loads 9ms',
      ' ✓ src/a.test.ts (3 tests) 40ms',
      ' × src/b.test.ts > parses > keeps order 1ms',
      '   AssertionError: expected [ 3, 4 ] to deeply equal [ 4, 3 ]',
      ' Tests  2 failed | 3 passed (5)',
      ' Duration  1.2s',
    ].join('\n');
    expect(failureFingerprint(run1, 'test')).toBe(failureFingerprint(run2, 'test'));
    const run3 = run2.replace('src/c.test.ts > loads', 'src/d.test.ts > saves');
    expect(failureFingerprint(run3, 'test')).not.toBe(failureFingerprint(run2, 'test'));
    expect(failureSignature('just some text\nno problems here')).toBe('just some text\nno problems here');
  });

  it('labels fingerprints so two gates do not share one', () => {
    expect(failureFingerprint('boom', 'test')).toMatch(/^test:[0-9a-f]{8}$/);
    expect(failureFingerprint('boom', 'test')).not.toBe(failureFingerprint('boom', 'lint'));
  });
});

describe('fnv1a32', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('matches the reference value for %j', (text, expected) => {
    expect(fnv1a32(text)).toBe(expected);
  });

  it('gives 8 hex characters', () => {
    expect(shortHash('')).toBe('811c9dc5');
    expect(shortHash('a')).toHaveLength(8);
  });
});

describe('consecutiveRepeats', () => {
  it.each([
    [[], 0],
    [['a'], 1],
    [['a', 'a', 'a'], 3],
    [['a', 'a', 'b'], 1],
    [['b', 'a', 'a'], 2],
    [['a', 'b', 'a'], 1],
  ])('%j → %d', (list, n) => expect(consecutiveRepeats(list)).toBe(n));
});

describe('checkStuck', () => {
  const base = { repeats: 3, active: true, lastOutputAt: 1000, startedAt: 0, now: 2000, idleMs: 5000 };

  it.each([
    [['x', 'x'], 'ok'],
    [['x', 'x', 'x'], 'stuck'],
    [['y', 'x', 'x', 'x'], 'stuck'],
    [['x', 'x', 'y'], 'ok'],
  ])('fingerprints %j → %s', (fingerprints, kind) => {
    expect(checkStuck({ ...base, fingerprints }).kind).toBe(kind);
  });

  it('names the repeated fingerprint', () => {
    expect(checkStuck({ ...base, fingerprints: ['a', 'b', 'b', 'b'] })).toEqual({
      kind: 'stuck',
      reason: 'repeated-failure',
      fingerprint: 'b',
      repeats: 3,
    });
  });

  it.each([
    [{ lastOutputAt: 1000, now: 5999 }, 'ok'],
    [{ lastOutputAt: 1000, now: 6000 }, 'stuck'],
    [{ lastOutputAt: null, startedAt: 0, now: 5000 }, 'stuck'],
    [{ lastOutputAt: null, startedAt: null, now: 99999 }, 'ok'],
    [{ lastOutputAt: 0, now: 99999, active: false }, 'ok'],
  ])('idle %j → %s', (over, kind) => {
    const r = checkStuck({ ...base, fingerprints: [], ...over });
    expect(r.kind).toBe(kind);
    if (r.kind === 'stuck') expect(r).toMatchObject({ reason: 'idle' });
  });
});
