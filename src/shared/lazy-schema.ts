// Schemas built on first use. Building a zod schema is not free (zod v4 gives every instance its own
// methods), and a module of schemas built at load costs every command that imports it, most of which
// never parse what they describe (`grove status` loaded the dashboard's API and every journal event's
// schema: tens of ms of a start). `lazySchema(() => z.object(...))` is the schema itself to its callers
// and to zod (a proxy that forwards every operation), built the first time anything touches it.

/** `build()`'s value, built once on first use; until then nothing of it exists. */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => (built ??= build());
  return new Proxy({} as T, {
    get: (_t, key) => Reflect.get(real(), key) as unknown,
    set: (_t, key, value) => Reflect.set(real(), key, value),
    has: (_t, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_t, key) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), key);
      // The proxy's own (empty) target has none of the keys: a proxy may not call them fixed.
      return d && { ...d, configurable: true };
    },
    defineProperty: (_t, key, d) => Reflect.defineProperty(real(), key, d),
    deleteProperty: (_t, key) => Reflect.deleteProperty(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}
