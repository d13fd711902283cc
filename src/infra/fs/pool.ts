/**
 * A concurrency limiter: `limit(fn)` runs `fn` when fewer than `max` are running, so work can be
 * submitted while a directory walk is still discovering it.
 */
export function createLimiter(max: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: Array<() => void> = [];
  const release = (): void => {
    active--;
    queue.shift()?.();
  };
  return <T>(fn: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        active++;
        fn().then(resolve, reject).finally(release);
      };
      if (active < max) start();
      else queue.push(start);
    });
}

/** Maps `items` through `fn` with at most `max` in flight; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  max: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const limit = createLimiter(max);
  return Promise.all(items.map((item) => limit(() => fn(item))));
}

/**
 * `run(key, fn)` starts `fn` once every earlier call with the same key has settled (fulfilled or
 * rejected); calls with different keys run side by side.
 */
export function createKeyedSerializer(): <T>(key: string, fn: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const mine = (tails.get(key) ?? Promise.resolve()).then(fn, fn);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, settled);
    void settled.then(() => {
      if (tails.get(key) === settled) tails.delete(key);
    });
    return mine;
  };
}
