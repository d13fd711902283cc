import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { JournalEventSchema, parseJournalEvent } from './journal-event.js';

describe('lazySchema', () => {
  it('builds nothing until first use, then once', () => {
    let builds = 0;
    const S = lazySchema(() => {
      builds++;
      return z.object({ n: z.number().int() });
    });
    expect(builds).toBe(0);
    expect(S.parse({ n: 2 })).toEqual({ n: 2 });
    expect(S.safeParse({ n: 1.5 }).success).toBe(false);
    expect(builds).toBe(1);
  });

  it('is the schema to zod: nested, wrapped, unioned, instanceof, JSON schema', () => {
    const Inner = lazySchema(() => z.object({ a: z.string() }));
    const Outer = z.object({ inner: Inner.optional(), list: z.array(Inner) });
    expect(Outer.parse({ list: [{ a: 'x' }] })).toEqual({ list: [{ a: 'x' }] });
    expect(Outer.safeParse({ list: [{ a: 1 }] }).error?.issues[0]?.path).toEqual(['list', 0, 'a']);
    expect(Inner instanceof z.ZodObject).toBe(true);
    expect(Object.keys(Inner.shape)).toEqual(['a']);
    const U = z.discriminatedUnion('k', [
      lazySchema(() => z.object({ k: z.literal('one'), v: z.number() })),
      lazySchema(() => z.object({ k: z.literal('two') })),
    ]);
    expect(U.parse({ k: 'one', v: 1 })).toEqual({ k: 'one', v: 1 });
    expect(z.toJSONSchema(Inner)).toMatchObject({ type: 'object', required: ['a'] });
  });
});

describe('parseJournalEvent (one type’s schema, not the whole union)', () => {
  const rows: Array<[string, unknown]> = [
    ['state', { from: null, to: 'planned', cause: 'created', budget: 'not a number', extra: 1 }],
    ['state', { to: 'nowhere', cause: 'x' }],
    ['scope', { paths: ['a'], owns: [] }],
    ['scope', { paths: 'a' }],
    ['queue', { phase: 'enqueued' }],
    ['queue', { phase: 'merged', result: 'ok' }],
    ['from-the-future', { x: 1 }],
  ];
  it.each(rows)('reads a %s row as the union does', (type, data) => {
    const whole = JournalEventSchema.safeParse({ type, data });
    const read = parseJournalEvent(type, JSON.stringify(data));
    if (whole.success) expect(read).toEqual(whole.data);
    else {
      expect(read.type).toBe('unreadable');
      const reason = whole.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(row)'}: ${i.message}`)
        .join('; ');
      expect(read.type === 'unreadable' && read.data.reason).toBe(reason);
    }
  });
});
