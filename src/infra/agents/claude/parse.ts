import { z } from 'zod';
import type { AgentEvent } from '../../../shared/agent-event.js';
import { readJsonObjectLine } from '../json-line.js';

/**
 * Claude Code `--output-format stream-json` lines → AgentEvents. One parser per attempt: it remembers
 * the message ids it has counted, because Claude prints one `assistant` line per content block and
 * repeats the message's `usage` on each of them. Usage is counted once per message id as it streams
 * (so budgets see it live). That usage is the reply's start, where output tokens are 1: with
 * `--include-partial-messages` Claude also prints the raw `message_delta` that ends each reply, and its
 * output tokens are added then, so a run stopped part-way (a budget pause) is counted exactly. The
 * `result` line's totals top up whatever was still missed. Never throws.
 */

const MAX_TEXT = 4000;

const UsageSchema = z.looseObject({
  input_tokens: z.number().nonnegative().optional(),
  output_tokens: z.number().nonnegative().optional(),
  cache_read_input_tokens: z.number().nonnegative().nullish(),
  cache_creation_input_tokens: z.number().nonnegative().nullish(),
});

const BlockSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.record(z.string(), z.unknown()).optional(),
  tool_use_id: z.string().optional(),
  content: z.unknown().optional(),
  is_error: z.boolean().nullish(),
});
type Block = z.infer<typeof BlockSchema>;

const LineSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('system'),
    subtype: z.string().optional(),
    session_id: z.string().optional(),
    model: z.string().optional(),
  }),
  z.looseObject({
    type: z.literal('assistant'),
    message: z.looseObject({
      id: z.string().optional(),
      content: z.union([z.array(BlockSchema), z.string()]).optional(),
      usage: UsageSchema.nullish(),
    }),
    error: z.string().optional(),
    isApiErrorMessage: z.boolean().optional(),
    parent_tool_use_id: z.string().nullish(),
  }),
  z.looseObject({
    type: z.literal('user'),
    message: z.looseObject({ content: z.union([z.array(BlockSchema), z.string()]).optional() }),
  }),
  z.looseObject({
    type: z.literal('result'),
    subtype: z.string().optional(),
    is_error: z.boolean().optional(),
    result: z.string().optional(),
    total_cost_usd: z.number().nonnegative().optional(),
    usage: UsageSchema.nullish(),
    session_id: z.string().optional(),
    uuid: z.string().optional(),
    errors: z.array(z.unknown()).optional(),
    permission_denials: z
      .array(
        z.looseObject({
          tool_name: z.string().optional(),
          tool_input: z.record(z.string(), z.unknown()).optional(),
        }),
      )
      .optional(),
  }),
  z.looseObject({ type: z.literal('error'), error: z.unknown().optional(), message: z.unknown().optional() }),
  z.looseObject({
    type: z.literal('stream_event'),
    event: z.unknown(),
    parent_tool_use_id: z.string().nullish(),
  }),
]);

/** The raw API stream events that carry usage (`--include-partial-messages`); others are ignored. */
const StreamEventSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('message_start'),
    message: z.looseObject({ id: z.string(), usage: UsageSchema.nullish() }),
  }),
  z.looseObject({ type: z.literal('message_delta'), usage: UsageSchema.nullish() }),
]);

/** Tools whose input names the file they change. */
const FILE_KEYS: Record<string, readonly string[]> = {
  Write: ['file_path'],
  Edit: ['file_path'],
  MultiEdit: ['file_path'],
  NotebookEdit: ['notebook_path', 'file_path'],
};

/** Plain-text lines treated as errors (Claude prints these to stderr or before any JSON). */
const ERROR_LINE = /^(?:error\b|fatal\b|panic\b|uncaught\b|\w*error:|api error\b|\[error\])/i;

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

function filesOf(name: string, input: Record<string, unknown> | undefined): string[] {
  const keys = FILE_KEYS[name];
  if (!keys || !input) return [];
  for (const key of keys) {
    const value = input[key];
    if (typeof value === 'string' && value.length > 0) return [value];
  }
  return [];
}

function summaryOf(name: string, input: Record<string, unknown> | undefined): string | undefined {
  if (!input) return undefined;
  const pick = (k: string): string | undefined => {
    const v = input[k];
    return typeof v === 'string' ? v : undefined;
  };
  const s = pick('command') ?? pick('file_path') ?? pick('notebook_path') ?? pick('pattern') ?? pick('url');
  return s === undefined ? name : clip(s.split('\n')[0] ?? s);
}

/** tool_result content is a string or an array of text (and image) blocks. */
function resultText(content: unknown): string | undefined {
  if (typeof content === 'string') return clip(content);
  if (!Array.isArray(content)) return undefined;
  const parts = content
    .map((c: unknown) =>
      c && typeof c === 'object' && 'text' in c && typeof c.text === 'string' ? c.text : '',
    )
    .filter((t) => t.length > 0);
  return parts.length > 0 ? clip(parts.join('\n')) : undefined;
}

function errorText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'message' in value && typeof value.message === 'string') {
    return value.message;
  }
  return undefined;
}

type Totals = Record<'input' | 'output' | 'cacheRead' | 'cacheWrite', number>;

function usageOf(u: z.infer<typeof UsageSchema>): Totals {
  return {
    input: Math.round(u.input_tokens ?? 0),
    output: Math.round(u.output_tokens ?? 0),
    cacheRead: Math.round(u.cache_read_input_tokens ?? 0),
    cacheWrite: Math.round(u.cache_creation_input_tokens ?? 0),
  };
}

export function createClaudeParser(): (line: string) => AgentEvent[] {
  const counted = new Set<string>();
  const sum: Totals = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  let anonymous = 0;
  // The top-up is right only when this parser counted the whole run: one that re-adopts an attempt
  // from an offset after a restart (no init line seen) adds nothing, so nothing is counted twice.
  let sawInit = false;
  // The reply being streamed (from its message_start) and what its start counted, per stream: the main
  // conversation's (key '') and each subagent's (its parent tool call's id).
  const streaming = new Map<string, { id: string; start: Totals }>();

  function count(messageId: string | undefined, t: Totals): AgentEvent {
    sum.input += t.input;
    sum.output += t.output;
    sum.cacheRead += t.cacheRead;
    sum.cacheWrite += t.cacheWrite;
    return { kind: 'usage', ...(messageId !== undefined ? { messageId } : {}), ...t };
  }

  function assistantEvents(line: Extract<z.infer<typeof LineSchema>, { type: 'assistant' }>): AgentEvent[] {
    const events: AgentEvent[] = [];
    const msg = line.message;
    const blocks: Block[] =
      typeof msg.content === 'string' ? [{ type: 'text', text: msg.content }] : (msg.content ?? []);
    const apiError = line.isApiErrorMessage === true || line.error !== undefined;
    for (const block of blocks) {
      if (block.type === 'text' && block.text !== undefined && block.text.length > 0) {
        events.push(
          apiError
            ? { kind: 'error', message: clip(block.text) }
            : { kind: 'message', role: 'assistant', text: block.text },
        );
      } else if (block.type === 'tool_use' && block.name !== undefined) {
        const summary = summaryOf(block.name, block.input);
        events.push({
          kind: 'tool_call',
          id: block.id ?? `tool-${anonymous++}`,
          name: block.name,
          files: filesOf(block.name, block.input),
          ...(summary !== undefined ? { summary } : {}),
        });
      }
    }
    const u = msg.usage;
    const messageId = msg.id;
    if (u && !(messageId !== undefined && counted.has(messageId))) {
      if (messageId !== undefined) counted.add(messageId);
      events.push(count(messageId, usageOf(u)));
    }
    // A parser that re-adopts the run after this reply's message_start learns the reply here (its
    // usage is the start's), so the reply's end is still counted. The store keeps one row per
    // (attempt, message id): a start the earlier parser counted is not counted twice.
    const stream = line.parent_tool_use_id ?? '';
    if (u && messageId !== undefined && streaming.get(stream)?.id !== messageId) {
      streaming.set(stream, { id: messageId, start: usageOf(u) });
    }
    return events;
  }

  /**
   * message_start counts the reply's usage under its id (the `assistant` lines then add nothing);
   * message_delta adds the output (and anything else) the reply's end reports beyond its start, under
   * `<id>:end`. A delta with no start and no assistant line before it (re-adopted part-way) adds nothing.
   */
  function streamEvents(raw: unknown, stream: string): AgentEvent[] {
    const parsed = StreamEventSchema.safeParse(raw);
    if (!parsed.success) return [];
    const event = parsed.data;
    if (event.type === 'message_start') {
      const { id, usage } = event.message;
      streaming.delete(stream);
      if (!usage || counted.has(id)) return [];
      counted.add(id);
      const start = usageOf(usage);
      streaming.set(stream, { id, start });
      return [count(id, start)];
    }
    const reply = streaming.get(stream);
    if (!event.usage || reply === undefined) return [];
    streaming.delete(stream);
    const end = usageOf(event.usage);
    const { id, start } = reply;
    // message_delta's fields are the reply's running totals; absent ones stay as the start had them.
    const missing: Totals = {
      input: Math.max(0, event.usage.input_tokens === undefined ? 0 : end.input - start.input),
      output: Math.max(0, end.output - start.output),
      cacheRead: Math.max(
        0,
        event.usage.cache_read_input_tokens == null ? 0 : end.cacheRead - start.cacheRead,
      ),
      cacheWrite: Math.max(
        0,
        event.usage.cache_creation_input_tokens == null ? 0 : end.cacheWrite - start.cacheWrite,
      ),
    };
    if (missing.input + missing.output + missing.cacheRead + missing.cacheWrite === 0) return [];
    return [count(`${id}:end`, missing)];
  }

  /**
   * The result's usage is the run's total. Claude's per-message usage is taken from the start of
   * each streamed reply (output tokens are often 1 there), so whatever the total holds beyond what was
   * counted is added once here, and the run's total ends up exact.
   */
  function topUp(line: Extract<z.infer<typeof LineSchema>, { type: 'result' }>): AgentEvent[] {
    if (!line.usage || !sawInit) return [];
    const total = usageOf(line.usage);
    const missing: Totals = {
      input: Math.max(0, total.input - sum.input),
      output: Math.max(0, total.output - sum.output),
      cacheRead: Math.max(0, total.cacheRead - sum.cacheRead),
      cacheWrite: Math.max(0, total.cacheWrite - sum.cacheWrite),
    };
    if (missing.input + missing.output + missing.cacheRead + missing.cacheWrite === 0) return [];
    return [count(`result:${line.uuid ?? line.session_id ?? 'run'}`, missing)];
  }

  function resultEvents(line: Extract<z.infer<typeof LineSchema>, { type: 'result' }>): AgentEvent[] {
    const events: AgentEvent[] = topUp(line);
    const isError = line.is_error === true || (line.subtype !== undefined && line.subtype !== 'success');
    const denials = line.permission_denials ?? [];
    if (denials.length > 0) {
      const what = denials.map((d) => {
        const file = filesOf(d.tool_name ?? '', d.tool_input)[0];
        return file ? `${d.tool_name} ${file}` : (d.tool_name ?? 'a tool');
      });
      events.push({
        kind: 'error',
        message: clip(`permission denied for ${denials.length} tool call(s): ${what.join(', ')}`),
      });
    }
    if (isError) {
      const detail = line.result ?? (line.errors ?? []).map(errorText).filter(Boolean).join('; ');
      events.push({
        kind: 'error',
        message: clip(detail || `Claude ended with ${line.subtype ?? 'an error'}`),
      });
    }
    events.push({
      kind: 'finished',
      ok: !isError,
      ...(line.result !== undefined ? { result: line.result } : {}),
      ...(line.total_cost_usd !== undefined ? { costUsd: line.total_cost_usd } : {}),
    });
    return events;
  }

  return (raw: string): AgentEvent[] => {
    const text = raw.trim();
    if (text.length === 0) return [];
    if (!text.startsWith('{')) return ERROR_LINE.test(text) ? [{ kind: 'error', message: clip(text) }] : [];
    const json = readJsonObjectLine(text);
    if (json === undefined) return ERROR_LINE.test(text) ? [{ kind: 'error', message: clip(text) }] : [];
    const parsed = LineSchema.safeParse(json);
    if (!parsed.success) return [];
    const line = parsed.data;
    switch (line.type) {
      case 'system':
        if (line.subtype === 'init') sawInit = true;
        return line.subtype === 'init' && line.session_id !== undefined
          ? [
              {
                kind: 'session',
                sessionId: line.session_id,
                ...(line.model !== undefined ? { model: line.model } : {}),
              },
            ]
          : [];
      case 'assistant':
        return assistantEvents(line);
      case 'user': {
        const content = line.message.content;
        if (typeof content === 'string' || content === undefined) return [];
        return content.flatMap((b): AgentEvent[] => {
          if (b.type !== 'tool_result' || b.tool_use_id === undefined) return [];
          const t = resultText(b.content);
          return [
            {
              kind: 'tool_result',
              id: b.tool_use_id,
              ok: b.is_error !== true,
              ...(t !== undefined ? { text: t } : {}),
            },
          ];
        });
      }
      case 'result':
        return resultEvents(line);
      case 'error': {
        const message = errorText(line.error) ?? errorText(line.message) ?? 'Claude reported an error';
        return [{ kind: 'error', message: clip(message) }];
      }
      case 'stream_event':
        return streamEvents(line.event, line.parent_tool_use_id ?? '');
    }
  };
}
