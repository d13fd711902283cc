import { describe, expect, it } from 'vitest';
import { waitFor } from './wait.js';

describe('waitFor', () => {
  it('returns the first value the predicate gives that is not undefined, null or false', async () => {
    let calls = 0;
    const got = await waitFor(() => (++calls >= 3 ? { calls } : calls === 1 ? null : false), {
      intervalMs: 1,
    });
    expect(got).toEqual({ calls: 3 });
  });

  it('keeps 0 and the empty string (values, not "not yet")', async () => {
    expect(await waitFor(() => 0)).toBe(0);
    expect(await waitFor(async () => Promise.resolve(''))).toBe('');
  });

  it('fails naming what it waited for, with the explanation', async () => {
    const t0 = Date.now();
    await expect(
      waitFor(() => false, {
        timeoutMs: 60,
        intervalMs: 5,
        what: 'the task to merge',
        explain: () => 'state: queued',
      }),
    ).rejects.toThrow('timed out after 60 ms waiting for the task to merge\nstate: queued');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(60);
  });
});
