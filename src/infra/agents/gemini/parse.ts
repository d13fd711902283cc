import { z } from 'zod';
import type { AgentEvent } from '../../../shared/agent-event.js';
import { readJsonObjectLine } from '../json-line.js';
import { sessionEvents } from '../session-id.js';

/**
 * Gemini CLI `--output-format stream-json` lines → AgentEvents. Assistant text arrives in delta chunks:
 * they are joined into one message, emitted when something else happens. Usage arrives once, in the
 * final `result` line's stats. Never throws.
 */

const MAX_TEXT = 4000;

/** Tools that change the file named in their parameters. */
const FILE_TOOLS = new Set(['write_file', 'replace', 'edit']);
const FILE_KEYS = ['file_path', 'absolute_path', 'path'] as const;

const StatsSchema = z.looseObject({
  input_tokens: z.number().nonnegative().optional(),
  output_tokens: z.number().nonnegative().optional(),
  cached: z.number().nonnegative().optional(),
  /** Input tokens not served from the cache. */
  input: z.number().nonnegative().optional(),
});

const ErrorSchema = z.looseObject({ message: z.string().optional(), type: z.string().optional() });

const LineSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('init'), session_id: z.string(), model: z.string().optional() }),
  z.looseObject({
    type: z.literal('message'),
    role: z.string(),
    content: z.string().default(''),
    delta: z.boolean().optional(),
  }),
  z.looseObject({
    type: z.literal('tool_use'),
    tool_name: z.string(),
    tool_id: z.string(),
    parameters: z.record(z.string(), z.unknown()).default({}),
  }),
  z.looseObject({
    type: z.literal('tool_result'),
    tool_id: z.string(),
    status: z.string(),
    output: z.string().optional(),
    error: ErrorSchema.optional(),
  }),
  z.looseObject({
    type: z.literal('error'),
    severity: z.string().optional(),
    message: z.string().optional(),
  }),
  z.looseObject({
    type: z.literal('result'),
    status: z.string(),
    stats: StatsSchema.optional(),
    error: ErrorSchema.optional(),
  }),
]);

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

function filesOf(tool: string, params: Record<string, unknown>): string[] {
  if (!FILE_TOOLS.has(tool)) return [];
  for (const key of FILE_KEYS) {
    const v = params[key];
    if (typeof v === 'string' && v.length > 0) return [v];
  }
  return [];
}

function summaryOf(tool: string, params: Record<string, unknown>): string {
  for (const key of ['command', ...FILE_KEYS, 'pattern', 'url'] as const) {
    const v = params[key];
    if (typeof v === 'string' && v.length > 0) return clip(v.split('\n')[0] ?? v);
  }
  return tool;
}

export function createGeminiParser(): (line: string) => AgentEvent[] {
  let pending = '';
  let lastMessage: string | undefined;

  const flush = (): AgentEvent[] => {
    if (pending === '') return [];
    const text = pending;
    pending = '';
    lastMessage = text;
    return [{ kind: 'message', role: 'assistant', text }];
  };

  return (raw: string): AgentEvent[] => {
    const parsed = LineSchema.safeParse(readJsonObjectLine(raw));
    if (!parsed.success) return [];
    const line = parsed.data;
    switch (line.type) {
      case 'init':
        return sessionEvents(line.session_id, line.model);
      case 'message':
        if (line.role !== 'assistant') return [];
        pending += line.content;
        return line.delta === true ? [] : flush();
      case 'tool_use':
        return [
          ...flush(),
          {
            kind: 'tool_call',
            id: line.tool_id,
            name: line.tool_name,
            files: filesOf(line.tool_name, line.parameters),
            summary: summaryOf(line.tool_name, line.parameters),
          },
        ];
      case 'tool_result': {
        const detail = line.output ?? line.error?.message;
        return [
          ...flush(),
          {
            kind: 'tool_result',
            id: line.tool_id,
            ok: line.status === 'success',
            ...(detail ? { text: clip(detail) } : {}),
          },
        ];
      }
      case 'error':
        if (line.severity === 'warning') return flush();
        return [...flush(), { kind: 'error', message: clip(line.message ?? 'Gemini CLI reported an error') }];
      case 'result': {
        const events = flush();
        const s = line.stats;
        if (s) {
          const cacheRead = Math.round(s.cached ?? 0);
          events.push({
            kind: 'usage',
            messageId: 'result',
            input: Math.round(s.input ?? Math.max(0, (s.input_tokens ?? 0) - cacheRead)),
            output: Math.round(s.output_tokens ?? 0),
            cacheRead,
            cacheWrite: 0,
          });
        }
        const ok = line.status === 'success';
        if (!ok)
          events.push({
            kind: 'error',
            message: clip(line.error?.message ?? `Gemini CLI ended with ${line.status}`),
          });
        const result = ok ? lastMessage : (line.error?.message ?? lastMessage);
        events.push({ kind: 'finished', ok, ...(result !== undefined ? { result } : {}) });
        return events;
      }
    }
  };
}
