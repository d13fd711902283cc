// The one polling wait for tests: for state that changes in another process or on a timer (a SQLite
// row, a file, a pid) where no event can be awaited. Prefer awaiting an event when there is one.

export interface WaitOptions {
  /** Fail after this long (default 10 s). */
  timeoutMs?: number;
  /** Poll this often (default 25 ms). */
  intervalMs?: number;
  /** Named in the failure: "timed out after 10000 ms waiting for <what>". */
  what?: string;
  /** Appended to the failure message (for example the rows seen so far). */
  explain?: () => string;
}

type Falsy = undefined | null | false;

/**
 * Polls `predicate` until it returns a value other than undefined, null or false, and returns that
 * value; fails after `timeoutMs` with a message naming what it waited for. A predicate that throws
 * fails the wait at once.
 */
export async function waitFor<T>(
  predicate: () => T | Falsy | Promise<T | Falsy>,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) {
      const extra = options.explain?.() ?? '';
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${options.what ?? 'a condition'}${extra ? `\n${extra}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 25));
  }
}
