import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../shared/agent-event.js';
import { createClaudeParser } from './parse.js';

// Shortened lines as Claude Code 2.1.197 printed them against the mock model server: each assistant
// line carries message_start's usage (output_tokens 1); the result line has the run's real totals.
const usage = (input: number, output: number): string =>
  `{"input_tokens":${input},"cache_creation_input_tokens":30,"cache_read_input_tokens":200,"output_tokens":${output}}`;
const INIT =
  '{"type":"system","subtype":"init","cwd":"/r","session_id":"s-1","model":"claude-opus-4-8[1m]","permissionMode":"acceptEdits"}';
const WRITE = `{"type":"assistant","message":{"id":"msg_2","type":"message","role":"assistant","content":[{"type":"tool_use","id":"toolu_2","name":"Write","input":{"file_path":"/r/hello.txt","content":"hello\\n"}}],"usage":${usage(1000, 1)}},"session_id":"s-1"}`;
const TOOL_RESULT =
  '{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_2","type":"tool_result","content":"File created successfully at: /r/hello.txt"}]},"session_id":"s-1"}';
const DONE = `{"type":"assistant","message":{"id":"msg_3","type":"message","role":"assistant","content":[{"type":"text","text":"Done."}],"usage":${usage(1000, 1)}},"session_id":"s-1"}`;
const RESULT = `{"type":"result","subtype":"success","is_error":false,"num_turns":2,"result":"Done.","session_id":"s-1","total_cost_usd":0.013,"usage":${usage(2000, 100).replace('"cache_creation_input_tokens":30', '"cache_creation_input_tokens":60').replace('"cache_read_input_tokens":200', '"cache_read_input_tokens":400')},"permission_denials":[]}`;

// With `--include-partial-messages` the same run also prints the raw stream: message_start carries the
// reply's starting usage, message_delta its final output tokens (lines shortened from 2.1.197's).
const streamEvent = (event: Record<string, unknown>, parent: string | null = null): string =>
  JSON.stringify({ type: 'stream_event', event, session_id: 's-1', parent_tool_use_id: parent, uuid: 'u' });
const START = (id: string, input: number, parent: string | null = null): string =>
  streamEvent(
    {
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        content: [],
        usage: JSON.parse(usage(input, 1)) as unknown,
      },
    },
    parent,
  );
const END = (output: number, parent: string | null = null): string =>
  streamEvent(
    {
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { output_tokens: output },
    },
    parent,
  );
const BLOCK_STOP = streamEvent({ type: 'content_block_stop', index: 0 });

function usageTotal(events: AgentEvent[]): {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
} {
  const sum = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  for (const e of events) {
    if (e.kind !== 'usage') continue;
    sum.input += e.input;
    sum.output += e.output;
    sum.cacheRead += e.cacheRead;
    sum.cacheWrite += e.cacheWrite;
  }
  return sum;
}

describe('claude parser on real Claude Code output', () => {
  it('tops the per-message usage up to the result totals (output arrives only there)', () => {
    const parse = createClaudeParser();
    const events = [INIT, WRITE, TOOL_RESULT, DONE, RESULT].flatMap((l) => parse(l));
    expect(usageTotal(events)).toEqual({ input: 2000, output: 100, cacheRead: 400, cacheWrite: 60 });
    expect(events.filter((e) => e.kind === 'usage').map((e) => e.kind === 'usage' && e.messageId)).toEqual([
      'msg_2',
      'msg_3',
      'result:s-1',
    ]);
    expect(events).toContainEqual({
      kind: 'tool_call',
      id: 'toolu_2',
      name: 'Write',
      files: ['/r/hello.txt'],
      summary: '/r/hello.txt',
    });
  });

  it('adds nothing when re-adopting a run mid-way (no init seen): nothing is counted twice', () => {
    const parse = createClaudeParser();
    const events = [DONE, RESULT].flatMap((l) => parse(l));
    expect(usageTotal(events)).toEqual({ input: 1000, output: 1, cacheRead: 200, cacheWrite: 30 });
  });

  it('counts each reply exactly from the raw stream, so a run killed before its result line is exact', () => {
    const parse = createClaudeParser();
    // Two replies of 80 and 120 output tokens, then killed: no result line.
    const lines = [
      INIT,
      START('msg_2', 1000),
      WRITE,
      BLOCK_STOP,
      END(80),
      TOOL_RESULT,
      START('msg_3', 1000),
      DONE,
      END(120),
    ];
    const events = lines.flatMap((l) => parse(l));
    expect(usageTotal(events)).toEqual({ input: 2000, output: 200, cacheRead: 400, cacheWrite: 60 });
    expect(events.filter((e) => e.kind === 'usage').map((e) => e.kind === 'usage' && e.messageId)).toEqual([
      'msg_2',
      'msg_2:end',
      'msg_3',
      'msg_3:end',
    ]);
    // The result line then has nothing left to top up.
    const atEnd = parse(RESULT.replace('"output_tokens":100', '"output_tokens":200'));
    expect(atEnd.filter((e) => e.kind === 'usage')).toEqual([]);
  });

  it("keeps a subagent's reply apart from the main one, and ignores an end whose start it never saw", () => {
    const parse = createClaudeParser();
    const lines = [
      START('msg_main', 1000),
      START('msg_sub', 50, 'toolu_task'),
      END(7, 'toolu_task'),
      END(30),
    ];
    const events = lines.flatMap((l) => parse(l));
    // With no content line, each reply's start counts at its end.
    expect(events.filter((e) => e.kind === 'usage')).toEqual([
      { kind: 'usage', messageId: 'msg_sub', input: 50, output: 1, cacheRead: 200, cacheWrite: 30 },
      { kind: 'usage', messageId: 'msg_sub:end', input: 0, output: 6, cacheRead: 0, cacheWrite: 0 },
      { kind: 'usage', messageId: 'msg_main', input: 1000, output: 1, cacheRead: 200, cacheWrite: 30 },
      { kind: 'usage', messageId: 'msg_main:end', input: 0, output: 29, cacheRead: 0, cacheWrite: 0 },
    ]);
    // Re-adopted part-way: a reply's end alone adds nothing (its start was counted before) ...
    expect(createClaudeParser()(END(90))).toEqual([]);
    // ... and after the start, its assistant line names the reply, so its end still counts (the store
    // keeps one row per message id: the start, counted again here, is not counted twice).
    const later = createClaudeParser();
    const readopted = [WRITE, BLOCK_STOP, END(80)].flatMap((l) => later(l));
    expect(readopted.filter((e) => e.kind === 'usage')).toEqual([
      { kind: 'usage', messageId: 'msg_2', input: 1000, output: 1, cacheRead: 200, cacheWrite: 30 },
      { kind: 'usage', messageId: 'msg_2:end', input: 0, output: 79, cacheRead: 0, cacheWrite: 0 },
    ]);
  });

  it('leaves out a reply whose stream dropped after its start, as Claude does', () => {
    // Claude Code 2.1.197, its stream cut right after message_start: it prints the start, then ends the
    // run with "API Error: API returned an empty or malformed response"; its totals and cost leave the
    // reply out (the mock model server's `drop`, test/e2e/budget-dropped-stream.test.ts).
    const parse = createClaudeParser();
    const result = `{"type":"result","subtype":"success","is_error":true,"num_turns":2,"result":"API Error","session_id":"s-1","total_cost_usd":0.01,"usage":${usage(1000, 50)}}`;
    const events = [INIT, START('msg_2', 1000), WRITE, END(50), START('msg_cut', 1000), result].flatMap((l) =>
      parse(l),
    );
    expect(
      events.filter((e) => e.kind === 'usage').map((e) => (e.kind === 'usage' ? e.messageId : '')),
    ).not.toContain('msg_cut');
    expect(usageTotal(events)).toEqual({ input: 1000, output: 50, cacheRead: 200, cacheWrite: 30 });
  });
});
