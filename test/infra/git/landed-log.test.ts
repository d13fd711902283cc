import { describe, expect, it } from 'vitest';
import { parseLandedLog } from '../../../src/infra/git/landed-log.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

describe('parseLandedLog', () => {
  it('keeps the commits whose message ends in grove trailers, newest first as git gave them', () => {
    const out = [
      `${A}\nb: Task b\n\nGrove-Task: b\nGrove-Attempt: 2\n`,
      // A commit that mentions a trailer in its body but not as its last paragraph.
      `${B}\nfix\n\nGrove-Task: x\nGrove-Attempt: 1\n\nmore\n`,
      `${C}\na: Task a\n\nadded a\n\nGrove-Task: a\nGrove-Attempt: 1\n`,
      '',
    ].join('\0');
    expect(parseLandedLog(out)).toEqual([
      { commit: A, task: 'b', attempt: 2 },
      { commit: C, task: 'a', attempt: 1 },
    ]);
  });

  it('nothing for empty output or records without a commit id', () => {
    expect(parseLandedLog('')).toEqual([]);
    expect(parseLandedLog('not-a-sha\nx\n\nGrove-Task: a\nGrove-Attempt: 1\n\0')).toEqual([]);
  });
});
