import { createHash } from 'node:crypto';
import type { UsageSpec } from './script-schema.js';

/** One content block of an assistant message, as Claude Code prints it. */
export type AssistantBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export type OutputFormat = 'stream-json' | 'json' | 'text';

export interface ResultLine {
  isError: boolean;
  text: string;
  /** Left out of the line when undefined. */
  costUsd: number | undefined;
}

/** A deterministic UUID-shaped id from any seed text. */
export function stableUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function usageJson(u: UsageSpec): Record<string, unknown> {
  return {
    input_tokens: u.input,
    cache_creation_input_tokens: u.cache_write,
    cache_read_input_tokens: u.cache_read,
    output_tokens: u.output,
    service_tier: 'standard',
  };
}

/**
 * Prints Claude Code–shaped stream-json: `system/init`, one `assistant` line per content block (the
 * blocks of one message share `message.id` and repeat the same `usage`), `user` tool results and the
 * final `result` line with the usage totals. Every id is derived from the session and a counter, so a
 * run prints the same bytes every time.
 */
export class StreamWriter {
  private seq = 0;
  private messages = 0;
  private tools = 0;
  readonly totals: UsageSpec = { input: 0, output: 0, cache_read: 0, cache_write: 0 };
  lastText = '';

  constructor(
    private readonly out: (line: string) => void,
    private readonly sessionId: string,
    private readonly run: number,
    private readonly model: string,
    private readonly format: OutputFormat = 'stream-json',
  ) {}

  private uuid(): string {
    this.seq += 1;
    return stableUuid(`${this.sessionId}:${this.run}:${this.seq}`);
  }

  private emit(obj: Record<string, unknown>): void {
    if (this.format === 'stream-json') this.out(JSON.stringify(obj));
  }

  get messageCount(): number {
    return this.messages;
  }

  init(cwd: string, permissionMode: string): void {
    this.emit({
      type: 'system',
      subtype: 'init',
      cwd,
      session_id: this.sessionId,
      tools: ['Bash', 'Edit', 'Glob', 'Grep', 'MultiEdit', 'Read', 'Write'],
      mcp_servers: [],
      model: this.model,
      permissionMode,
      slash_commands: [],
      apiKeySource: 'none',
      claude_code_version: 'scripted',
      output_style: 'default',
      agents: [],
      uuid: this.uuid(),
    });
  }

  newToolId(): string {
    this.tools += 1;
    return `toolu_scripted_${this.run}_${String(this.tools).padStart(4, '0')}`;
  }

  /** One message: a line per block, all with the same id and usage; the usage counts once. */
  message(blocks: AssistantBlock[], usage: UsageSpec): void {
    this.messages += 1;
    const id = `msg_scripted_${this.sessionId.slice(0, 8)}_${this.run}_${String(this.messages).padStart(4, '0')}`;
    this.totals.input += usage.input;
    this.totals.output += usage.output;
    this.totals.cache_read += usage.cache_read;
    this.totals.cache_write += usage.cache_write;
    for (const block of blocks) {
      if (block.type === 'text') this.lastText = block.text;
      this.emit({
        type: 'assistant',
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model: this.model,
          content: [block],
          stop_reason: null,
          stop_sequence: null,
          usage: usageJson(usage),
        },
        parent_tool_use_id: null,
        session_id: this.sessionId,
        uuid: this.uuid(),
      });
    }
  }

  toolResult(toolUseId: string, content: string, isError: boolean): void {
    this.emit({
      type: 'user',
      message: {
        role: 'user',
        content: [
          { tool_use_id: toolUseId, type: 'tool_result', content, ...(isError ? { is_error: true } : {}) },
        ],
      },
      parent_tool_use_id: null,
      session_id: this.sessionId,
      uuid: this.uuid(),
    });
  }

  result(r: ResultLine): void {
    const obj = {
      type: 'result',
      subtype: r.isError ? 'error_during_execution' : 'success',
      is_error: r.isError,
      duration_ms: 100 * this.messages,
      duration_api_ms: 80 * this.messages,
      num_turns: this.messages,
      result: r.text,
      session_id: this.sessionId,
      total_cost_usd: r.costUsd,
      usage: usageJson(this.totals),
      permission_denials: [],
      uuid: this.uuid(),
    };
    if (this.format === 'json') this.out(JSON.stringify(obj));
    else if (this.format === 'text') this.out(r.text);
    else this.emit(obj);
  }
}
