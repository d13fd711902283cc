import { z } from 'zod';
import type { AgentEvent } from '../../../shared/agent-event.js';
import type { ParserContext } from '../adapter.js';
import type { CodexBaseline, CodexUsage } from './usage-baseline.js';
import { readBaseline, tryReadThreadTotal, ZERO_CODEX_USAGE } from './usage-baseline.js';
import { readJsonObjectLine } from '../json-line.js';
import { sessionEvents } from '../session-id.js';

/**
 * Codex `exec --json` lines (JSONL) → AgentEvents. A tool item (command, file change, MCP call, web
 * search) becomes a tool_call when it starts and a tool_result when it completes; the agent's messages
 * become messages; `turn.completed` carries the usage and ends the run. That usage is the thread's
 * total since it began: with a context, the total recorded before this run (usage-baseline.ts) is
 * subtracted. A failed turn prints no usage: its run counts what the thread's rollout recorded since the
 * baseline (the replies the model served before the failure). Never throws.
 */

const MAX_TEXT = 4000;

const ItemSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  text: z.string().optional(),
  command: z.string().optional(),
  aggregated_output: z.string().optional(),
  exit_code: z.number().nullish(),
  status: z.string().optional(),
  changes: z.array(z.looseObject({ path: z.string(), kind: z.string().optional() })).optional(),
  server: z.string().optional(),
  tool: z.string().optional(),
  query: z.string().optional(),
  message: z.string().optional(),
});
type Item = z.infer<typeof ItemSchema>;

const UsageSchema = z.looseObject({
  input_tokens: z.number().nonnegative().default(0),
  cached_input_tokens: z.number().nonnegative().default(0),
  cache_write_input_tokens: z.number().nonnegative().default(0),
  output_tokens: z.number().nonnegative().default(0),
});

const ErrorSchema = z.looseObject({ message: z.string() });

const LineSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('thread.started'), thread_id: z.string() }),
  z.looseObject({ type: z.literal('turn.started') }),
  z.looseObject({ type: z.literal('item.started'), item: ItemSchema }),
  z.looseObject({ type: z.literal('item.updated'), item: ItemSchema }),
  z.looseObject({ type: z.literal('item.completed'), item: ItemSchema }),
  z.looseObject({ type: z.literal('turn.completed'), usage: UsageSchema.optional() }),
  z.looseObject({ type: z.literal('turn.failed'), error: ErrorSchema.optional() }),
  z.looseObject({ type: z.literal('error'), message: z.string().optional() }),
]);

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/** The tool call an item stands for, or undefined for messages, reasoning and plans. */
function toolCall(item: Item): Extract<AgentEvent, { kind: 'tool_call' }> | undefined {
  switch (item.type) {
    case 'command_execution':
      return { kind: 'tool_call', id: item.id, name: 'shell', files: [], summary: clip(item.command ?? '') };
    case 'file_change': {
      const changes = item.changes ?? [];
      const summary = changes.map((c) => `${c.kind ?? 'change'} ${c.path}`).join(', ');
      return {
        kind: 'tool_call',
        id: item.id,
        name: 'apply_patch',
        files: changes.map((c) => c.path),
        summary,
      };
    }
    case 'mcp_tool_call':
      return {
        kind: 'tool_call',
        id: item.id,
        name: `${item.server ?? 'mcp'}.${item.tool ?? 'tool'}`,
        files: [],
      };
    case 'web_search':
      return {
        kind: 'tool_call',
        id: item.id,
        name: 'web_search',
        files: [],
        ...(item.query ? { summary: item.query } : {}),
      };
    default:
      return undefined;
  }
}

function toolResult(item: Item): AgentEvent {
  const ok =
    item.status !== 'failed' &&
    item.status !== 'declined' &&
    (item.exit_code === undefined || item.exit_code === null || item.exit_code === 0);
  const text = item.aggregated_output ?? item.message;
  return { kind: 'tool_result', id: item.id, ok, ...(text ? { text: clip(text) } : {}) };
}

export function createCodexParser(context?: ParserContext): (line: string) => AgentEvent[] {
  const recorded: CodexBaseline = context ? readBaseline(context.homeDir) : { usage: ZERO_CODEX_USAGE };
  const baseline = recorded.usage;
  const started = new Set<string>();
  let turns = 0;
  let threadId: string | undefined;

  /** This run's share of a thread total (Codex counts cached and cache-write tokens inside input). */
  const runUsage = (u: CodexUsage, messageId: string): Extract<AgentEvent, { kind: 'usage' }> => {
    const run = (
      k: 'input_tokens' | 'cached_input_tokens' | 'cache_write_input_tokens' | 'output_tokens',
    ): number => Math.max(0, Math.round(u[k] - baseline[k]));
    const cacheRead = run('cached_input_tokens');
    const cacheWrite = run('cache_write_input_tokens');
    return {
      kind: 'usage',
      messageId,
      input: Math.max(0, run('input_tokens') - cacheRead - cacheWrite),
      output: run('output_tokens'),
      cacheRead,
      cacheWrite,
    };
  };

  /** What the rollout recorded for this run when its turn failed (nothing when there is no rollout). */
  const failedRunUsage = (): AgentEvent[] => {
    if (threadId === undefined || recorded.codexHome === undefined) return [];
    const total = tryReadThreadTotal(recorded.codexHome, threadId);
    if (!total) return [];
    const u = runUsage(total, `turn-${turns + 1}-failed`);
    return u.input + u.output + u.cacheRead + u.cacheWrite > 0 ? [u] : [];
  };
  let lastMessage: string | undefined;

  const itemEvents = (phase: 'started' | 'completed', item: Item): AgentEvent[] => {
    if (item.type === 'agent_message') {
      if (phase !== 'completed' || !item.text) return [];
      lastMessage = item.text;
      return [{ kind: 'message', role: 'assistant', text: item.text }];
    }
    if (item.type === 'error')
      return phase === 'completed' ? [{ kind: 'error', message: clip(item.message ?? 'error') }] : [];
    const call = toolCall(item);
    if (!call) return [];
    const events: AgentEvent[] = [];
    if (!started.has(item.id)) {
      started.add(item.id);
      events.push(call);
    }
    if (phase === 'completed') events.push(toolResult(item));
    return events;
  };

  return (raw: string): AgentEvent[] => {
    const parsed = LineSchema.safeParse(readJsonObjectLine(raw));
    if (!parsed.success) return [];
    const line = parsed.data;
    switch (line.type) {
      case 'thread.started':
        threadId = line.thread_id;
        return sessionEvents(line.thread_id);
      case 'turn.started':
      case 'item.updated':
        return [];
      case 'item.started':
        return itemEvents('started', line.item);
      case 'item.completed':
        return itemEvents('completed', line.item);
      case 'turn.completed': {
        turns++;
        const u = line.usage;
        const events: AgentEvent[] = [];
        if (u) events.push(runUsage(u, `turn-${turns}`));
        events.push({
          kind: 'finished',
          ok: true,
          ...(lastMessage !== undefined ? { result: lastMessage } : {}),
        });
        return events;
      }
      case 'turn.failed': {
        const message = clip(line.error?.message ?? 'the turn failed');
        return [
          ...failedRunUsage(),
          { kind: 'error', message },
          { kind: 'finished', ok: false, result: message },
        ];
      }
      case 'error':
        return [{ kind: 'error', message: clip(line.message ?? 'Codex reported an error') }];
    }
  };
}
