import { z } from 'zod';
import type { AgentEvent } from '../../../shared/agent-event.js';
import { readJsonObjectLine } from '../json-line.js';
import { sessionEvents } from '../session-id.js';
import { ClaudeUsage, UsageSchema } from './usage.js';

/**
 * Claude Code `--output-format stream-json` lines → AgentEvents. One parser per attempt: its usage
 * accounting (./usage.ts) remembers the message ids it has counted, so each reply's usage is counted
 * once as it streams and the `result` line tops up what was missed. Never throws.
 */

const MAX_TEXT = 4000;

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

type Line = z.infer<typeof LineSchema>;
type AssistantLine = Extract<Line, { type: 'assistant' }>;
type ResultLine = Extract<Line, { type: 'result' }>;

function blockEvents(blocks: readonly Block[], apiError: boolean, anonymousId: () => string): AgentEvent[] {
  const events: AgentEvent[] = [];
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
        id: block.id ?? anonymousId(),
        name: block.name,
        files: filesOf(block.name, block.input),
        ...(summary !== undefined ? { summary } : {}),
      });
    }
  }
  return events;
}

function systemEvents(line: Extract<Line, { type: 'system' }>): AgentEvent[] {
  return line.subtype === 'init' && line.session_id !== undefined
    ? sessionEvents(line.session_id, line.model)
    : [];
}

function toolResultEvents(line: Extract<Line, { type: 'user' }>): AgentEvent[] {
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

/** The run's end: permission denials and errors, then `finished` (after the usage top-up). */
function resultEvents(line: ResultLine): AgentEvent[] {
  const events: AgentEvent[] = [];
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

/** A line that is not a JSON object: an error when it reads like one. */
function plainTextEvents(text: string): AgentEvent[] {
  return ERROR_LINE.test(text) ? [{ kind: 'error', message: clip(text) }] : [];
}

export function createClaudeParser(): (line: string) => AgentEvent[] {
  const usage = new ClaudeUsage();
  let anonymous = 0;
  const anonymousId = (): string => `tool-${anonymous++}`;

  function assistantEvents(line: AssistantLine): AgentEvent[] {
    const msg = line.message;
    const blocks: Block[] =
      typeof msg.content === 'string' ? [{ type: 'text', text: msg.content }] : (msg.content ?? []);
    const apiError = line.isApiErrorMessage === true || line.error !== undefined;
    return [
      ...blockEvents(blocks, apiError, anonymousId),
      ...usage.onAssistant(msg.id, msg.usage, line.parent_tool_use_id ?? ''),
    ];
  }

  return (raw: string): AgentEvent[] => {
    const text = raw.trim();
    if (text.length === 0) return [];
    if (!text.startsWith('{')) return plainTextEvents(text);
    const json = readJsonObjectLine(text);
    if (json === undefined) return plainTextEvents(text);
    const parsed = LineSchema.safeParse(json);
    if (!parsed.success) return [];
    const line = parsed.data;
    switch (line.type) {
      case 'system':
        if (line.subtype === 'init') usage.onInit();
        return systemEvents(line);
      case 'assistant':
        return assistantEvents(line);
      case 'user':
        return toolResultEvents(line);
      case 'result':
        return [...usage.onResult(line.usage, line.uuid ?? line.session_id ?? 'run'), ...resultEvents(line)];
      case 'error': {
        const message = errorText(line.error) ?? errorText(line.message) ?? 'Claude reported an error';
        return [{ kind: 'error', message: clip(message) }];
      }
      case 'stream_event':
        return usage.onStreamEvent(line.event, line.parent_tool_use_id ?? '');
    }
  };
}
