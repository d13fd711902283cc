import { describe, expect, it } from 'vitest';
import { pickPort } from './port.js';

describe('pickPort', () => {
  const range = { from: 4100, to: 4109 };
  it('is stable for an id and inside the range', () => {
    const p = pickPort('add-login', range, new Set());
    expect(p).toBe(pickPort('add-login', range, new Set()));
    expect(p).toBeGreaterThanOrEqual(4100);
    expect(p).toBeLessThanOrEqual(4109);
  });
  it('never hands out a used port and fills the whole range', () => {
    const used = new Set<number>();
    for (let i = 0; i < 10; i++) {
      const p = pickPort(`task-${i}`, range, used);
      expect(p).toBeDefined();
      expect(used.has(p!)).toBe(false);
      used.add(p!);
    }
    expect(used.size).toBe(10);
    expect(pickPort('one-more', range, used)).toBeUndefined();
  });
});
