import { z } from 'zod';
import type { AgentEvent } from '../../../shared/agent-event.js';

/**
 * Claude's usage accounting for one attempt. Claude prints one `assistant` line per content block and
 * repeats the message's `usage` on each: usage is counted once per message id as it streams (so
 * budgets see it live), from the reply's first content (a reply whose stream dropped after its
 * `message_start` is one Claude neither counts nor prices: grove leaves it out too). That usage is the
 * reply's start, where output tokens are 1: with
 * `--include-partial-messages` Claude also prints the raw `message_delta` that ends each reply, and its
 * output tokens are added then, so a run stopped part-way (a budget pause) is counted exactly. The
 * `result` line's totals top up whatever was still missed.
 */

export const UsageSchema = z.looseObject({
  input_tokens: z.number().nonnegative().optional(),
  output_tokens: z.number().nonnegative().optional(),
  cache_read_input_tokens: z.number().nonnegative().nullish(),
  cache_creation_input_tokens: z.number().nonnegative().nullish(),
});
type Usage = z.infer<typeof UsageSchema>;

/** The raw API stream events that carry usage (`--include-partial-messages`); others are ignored. */
const StreamEventSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('message_start'),
    message: z.looseObject({ id: z.string(), usage: UsageSchema.nullish() }),
  }),
  z.looseObject({ type: z.literal('message_delta'), usage: UsageSchema.nullish() }),
]);
type MessageDelta = Extract<z.infer<typeof StreamEventSchema>, { type: 'message_delta' }>;

type Totals = Record<'input' | 'output' | 'cacheRead' | 'cacheWrite', number>;

function totalsOf(u: Usage): Totals {
  return {
    input: Math.round(u.input_tokens ?? 0),
    output: Math.round(u.output_tokens ?? 0),
    cacheRead: Math.round(u.cache_read_input_tokens ?? 0),
    cacheWrite: Math.round(u.cache_creation_input_tokens ?? 0),
  };
}

function isZero(t: Totals): boolean {
  return t.input + t.output + t.cacheRead + t.cacheWrite === 0;
}

/** What `total` holds beyond `counted`, field by field (never negative). */
function beyond(total: Totals, counted: Totals): Totals {
  return {
    input: Math.max(0, total.input - counted.input),
    output: Math.max(0, total.output - counted.output),
    cacheRead: Math.max(0, total.cacheRead - counted.cacheRead),
    cacheWrite: Math.max(0, total.cacheWrite - counted.cacheWrite),
  };
}

/** message_delta's fields are the reply's running totals; absent ones stay as the start had them. */
function deltaBeyondStart(delta: Usage, start: Totals): Totals {
  const end = totalsOf(delta);
  return beyond(
    {
      input: delta.input_tokens === undefined ? start.input : end.input,
      output: end.output,
      cacheRead: delta.cache_read_input_tokens == null ? start.cacheRead : end.cacheRead,
      cacheWrite: delta.cache_creation_input_tokens == null ? start.cacheWrite : end.cacheWrite,
    },
    start,
  );
}

export class ClaudeUsage {
  private readonly counted = new Set<string>();
  private readonly sum: Totals = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  // The top-up is right only when this parser counted the whole run: one that re-adopts an attempt
  // from an offset after a restart (no init line seen) adds nothing, so nothing is counted twice.
  private sawInit = false;
  // The reply being streamed (from its message_start) and what its start counted, per stream: the main
  // conversation's (key '') and each subagent's (its parent tool call's id).
  private readonly streaming = new Map<string, { id: string; start: Totals }>();

  /** The run's `system/init` line: this parser sees the whole run. */
  onInit(): void {
    this.sawInit = true;
  }

  /** An `assistant` line's usage: counted once per message id. */
  onAssistant(messageId: string | undefined, usage: Usage | null | undefined, stream: string): AgentEvent[] {
    if (!usage) return [];
    const events: AgentEvent[] = [];
    if (!(messageId !== undefined && this.counted.has(messageId))) {
      if (messageId !== undefined) this.counted.add(messageId);
      events.push(this.count(messageId, totalsOf(usage)));
    }
    // A parser that re-adopts the run after this reply's message_start learns the reply here (its
    // usage is the start's), so the reply's end is still counted. The store keeps one row per
    // (attempt, message id): a start the earlier parser counted is not counted twice.
    if (messageId !== undefined && this.streaming.get(stream)?.id !== messageId) {
      this.streaming.set(stream, { id: messageId, start: totalsOf(usage) });
    }
    return events;
  }

  /**
   * message_start remembers the reply's usage; its first `assistant` line (or its message_delta)
   * counts it under its id; message_delta adds the output (and anything else) the reply's end reports beyond its start, under
   * `<id>:end`. A delta with no start and no assistant line before it (re-adopted part-way) adds nothing.
   */
  onStreamEvent(raw: unknown, stream: string): AgentEvent[] {
    const parsed = StreamEventSchema.safeParse(raw);
    if (!parsed.success) return [];
    const event = parsed.data;
    if (event.type === 'message_start') return this.onMessageStart(event.message, stream);
    return this.onMessageDelta(event, stream);
  }

  /**
   * The result's usage is the run's total. Claude's per-message usage is taken from the start of
   * each streamed reply (output tokens are often 1 there), so whatever the total holds beyond what was
   * counted is added once here, and the run's total ends up exact.
   */
  onResult(usage: Usage | null | undefined, key: string): AgentEvent[] {
    if (!usage || !this.sawInit) return [];
    const missing = beyond(totalsOf(usage), this.sum);
    return isZero(missing) ? [] : [this.count(`result:${key}`, missing)];
  }

  private onMessageStart(message: { id: string; usage?: Usage | null }, stream: string): AgentEvent[] {
    const { id, usage } = message;
    this.streaming.delete(stream);
    if (!usage || this.counted.has(id)) return [];
    // Counted once the reply shows content: a stream cut off here was never a reply.
    this.streaming.set(stream, { id, start: totalsOf(usage) });
    return [];
  }

  private onMessageDelta(event: MessageDelta, stream: string): AgentEvent[] {
    const reply = this.streaming.get(stream);
    if (!event.usage || reply === undefined) return [];
    this.streaming.delete(stream);
    const events: AgentEvent[] = [];
    // A reply with no content line: its start is counted at its end.
    if (!this.counted.has(reply.id)) {
      this.counted.add(reply.id);
      events.push(this.count(reply.id, reply.start));
    }
    const missing = deltaBeyondStart(event.usage, reply.start);
    return isZero(missing) ? events : [...events, this.count(`${reply.id}:end`, missing)];
  }

  private count(messageId: string | undefined, t: Totals): AgentEvent {
    this.sum.input += t.input;
    this.sum.output += t.output;
    this.sum.cacheRead += t.cacheRead;
    this.sum.cacheWrite += t.cacheWrite;
    return { kind: 'usage', ...(messageId !== undefined ? { messageId } : {}), ...t };
  }
}
