import { describe, expect, it } from 'vitest';
import { classifyGone } from './gone.js';

const ab = { a: 'a', b: 'b', against: 'task' as const, files: ['src/x.ts'] };

describe('classifyGone', () => {
  it('a task ↔ task conflict that shows up as one side against the base moved there', () => {
    const toBase = { a: 'b', b: 'main', against: 'base' as const, files: ['src/x.ts'] };
    expect(classifyGone([ab], [toBase])).toEqual([{ kind: 'moved', pair: ab, to: toBase }]);
  });
  it('is resolved when no side conflicts with the base in those files', () => {
    const elsewhere = { a: 'b', b: 'main', against: 'base' as const, files: ['src/y.ts'] };
    const other = { a: 'c', b: 'main', against: 'base' as const, files: ['src/x.ts'] };
    expect(classifyGone([ab], [elsewhere, other]).map((g) => g.kind)).toEqual(['resolved']);
    expect(classifyGone([ab], []).map((g) => g.kind)).toEqual(['resolved']);
  });
  it('a conflict with the base that went away is resolved', () => {
    const base = { a: 'a', b: 'main', against: 'base' as const, files: ['src/x.ts'] };
    expect(classifyGone([base], [base]).map((g) => g.kind)).toEqual(['resolved']);
  });
});
