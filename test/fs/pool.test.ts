import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createKeyedSerializer } from '../../src/infra/fs/pool.js';

describe('createKeyedSerializer', () => {
  it('runs calls with one key one at a time, in order, going on after a failure; other keys alongside', async () => {
    const run = createKeyedSerializer();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const job =
      (name: string, ms: number, fail = false) =>
      async (): Promise<string> => {
        running++;
        most = Math.max(most, running);
        log.push(`start ${name}`);
        await sleep(ms);
        log.push(`end ${name}`);
        running--;
        if (fail) throw new Error(`${name} failed`);
        return name;
      };
    const a1 = run('a', job('a1', 30));
    const a2 = run('a', job('a2', 5, true));
    const a3 = run('a', job('a3', 5));
    const b1 = run('b', job('b1', 10));
    await expect(a1).resolves.toBe('a1');
    await expect(a2).rejects.toThrow('a2 failed');
    await expect(a3).resolves.toBe('a3');
    await expect(b1).resolves.toBe('b1');
    const forA = log.filter((l) => l.includes(' a'));
    expect(forA).toEqual(['start a1', 'end a1', 'start a2', 'end a2', 'start a3', 'end a3']);
    expect(most).toBe(2); // b1 ran while a1 did
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
  });
});
