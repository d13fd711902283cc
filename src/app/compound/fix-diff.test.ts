import { describe, expect, it } from 'vitest';
import { commitBefore } from './fix-diff.js';

// Newest first, committer times in whole seconds.
const commits = [
  { sha: 'c3', ct: 105 },
  { sha: 'c2', ct: 103 },
  { sha: 'c1', ct: 100 },
];

describe('commitBefore', () => {
  it('takes the newest commit whose second ends before the quiet window ends', () => {
    // Window 103.5 s – 104.2 s: c3 (105 s) is after it; c2 (103.000–103.999) cannot be after 104.2 → before.
    expect(commitBefore(commits, { after: 103_500, before: 104_200 })).toBe('c2');
  });

  it('is undecided when a commit second straddles the window', () => {
    // c2 was made somewhere in 103.000–103.999: before 103.2 or after 103.6 cannot be told.
    expect(commitBefore(commits, { after: 103_200, before: 103_600 })).toBeNull();
  });

  it('skips commits that surely come after the window', () => {
    expect(commitBefore(commits, { after: 101_500, before: 102_000 })).toBe('c1');
  });

  it('has no answer before the first commit, and an open window takes the newest', () => {
    expect(commitBefore(commits, { after: 50_000, before: 60_000 })).toBeUndefined();
    expect(commitBefore(commits, { after: 200_000, before: Number.POSITIVE_INFINITY })).toBe('c3');
  });
});
