import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from './nearest.js';

describe('nearest', () => {
  it.each([
    ['wpi', ['wip', 'base', 'copy'], 'wip'],
    ['pasue_at', ['tokens', 'pause_at'], 'pause_at'],
    ['depends-on', ['depends_on', 'owns'], 'depends_on'],
    ['gate', ['gates', 'agents'], 'gates'],
    ['Title', ['title', 'id'], 'title'],
    ['zzzzzz', ['max_iterations'], undefined],
    ['x', ['wip'], undefined],
  ])('%s → %s', (word, candidates, expected) => {
    expect(nearest(word, candidates)).toBe(expected);
  });

  it('counts edits, with an adjacent swap as one', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('wpi', 'wip')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
