import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../shared/agent-event.js';
import { AgentEventSchema } from '../../../shared/agent-event.js';
import { createClaudeParser } from './parse.js';
import { assistant, INIT, RUN, SESSION, toolResult, usage } from './parse.fixtures.js';
function usageSum(events: AgentEvent[]) {
  const t = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  for (const e of events) {
    if (e.kind !== 'usage') continue;
    t.input += e.input;
    t.output += e.output;
    t.cacheRead += e.cacheRead;
    t.cacheWrite += e.cacheWrite;
  }
  return t;
}

function parseAll(lines: string[]): AgentEvent[] {
  const parse = createClaudeParser();
  return lines.flatMap((l) => parse(l));
}

describe('createClaudeParser', () => {
  it('turns a realistic run into session, messages, tool calls with files, results, usage and finished', () => {
    const events = parseAll(RUN);
    for (const e of events) expect(AgentEventSchema.safeParse(e).success).toBe(true);
    expect(events).toEqual([
      { kind: 'session', sessionId: SESSION, model: 'claude-sonnet-4-5-20250929' },
      { kind: 'message', role: 'assistant', text: "I'll add the login form." },
      { kind: 'usage', messageId: 'msg_01AAA', input: 3, output: 12, cacheRead: 13000, cacheWrite: 5200 },
      {
        kind: 'tool_call',
        id: 'toolu_01W',
        name: 'Write',
        files: ['/work/repo.grove/add-login/src/login.ts'],
        summary: '/work/repo.grove/add-login/src/login.ts',
      },
      {
        kind: 'tool_result',
        id: 'toolu_01W',
        ok: true,
        text: 'File created successfully at: /work/repo.grove/add-login/src/login.ts',
      },
      { kind: 'tool_call', id: 'toolu_01B', name: 'Bash', files: [], summary: 'npm test -- --run' },
      { kind: 'usage', messageId: 'msg_01BBB', input: 7, output: 310, cacheRead: 18200, cacheWrite: 420 },
      { kind: 'tool_result', id: 'toolu_01B', ok: false, text: 'Error: Exit code 1\nFAIL src/login.test.ts' },
      {
        kind: 'tool_call',
        id: 'toolu_01E',
        name: 'MultiEdit',
        files: ['/work/repo.grove/add-login/src/a.ts'],
        summary: '/work/repo.grove/add-login/src/a.ts',
      },
      {
        kind: 'tool_call',
        id: 'toolu_01N',
        name: 'NotebookEdit',
        files: ['/nb/x.ipynb'],
        summary: '/nb/x.ipynb',
      },
      {
        kind: 'finished',
        ok: true,
        result: 'Done.\n\n```json\n{"status":"completed","summary":"login form","learnings":[]}\n```',
        costUsd: 0.0912345,
      },
    ]);
  });

  it('counts the usage repeated on every block of a message once per message id', () => {
    const events = parseAll(RUN).filter((e) => e.kind === 'usage');
    const total = events.reduce((n, e) => n + (e.kind === 'usage' ? e.input + e.output : 0), 0);
    expect(events).toHaveLength(2);
    expect(total).toBe(3 + 12 + 7 + 310);
  });

  it('tops up at the result what the per-message usage missed, so the run total is exact', () => {
    // Claude takes message usage from the start of the stream: output_tokens is 1 on the blocks.
    const parse = createClaudeParser();
    const lines = [
      INIT,
      assistant('msg_A', { type: 'text', text: 'a' }, usage(5, 1, 100, 0)),
      assistant(
        'msg_A',
        { type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'ls' } },
        usage(5, 1, 100, 0),
      ),
      assistant('msg_B', { type: 'text', text: 'b' }, usage(2, 1, 0, 100)),
      JSON.stringify({
        type: 'result',
        subtype: 'success',
        is_error: false,
        result: 'b',
        session_id: SESSION,
        total_cost_usd: 0.01,
        usage: usage(7, 250, 100, 100),
        uuid: 'r-1',
      }),
    ];
    const events = lines.flatMap((l) => parse(l));
    expect(events.filter((e) => e.kind === 'usage').at(-1)).toEqual({
      kind: 'usage',
      messageId: 'result:r-1',
      input: 0,
      output: 248,
      cacheRead: 0,
      cacheWrite: 0,
    });
    expect(usageSum(events)).toEqual({ input: 7, output: 250, cacheRead: 100, cacheWrite: 100 });
    // A result that reports less than was counted adds nothing (never negative).
    const low = createClaudeParser();
    low(assistant('msg_C', { type: 'text', text: 'c' }, usage(50, 50)));
    const end = low(
      JSON.stringify({ type: 'result', subtype: 'success', is_error: false, usage: usage(10, 10) }),
    );
    expect(end.filter((e) => e.kind === 'usage')).toEqual([]);
  });

  it('keeps its memory per parser: a fresh parser counts the same message again', () => {
    const line = assistant('msg_X', { type: 'text', text: 'hi' }, usage(1, 1));
    const a = createClaudeParser();
    expect(a(line).filter((e) => e.kind === 'usage')).toHaveLength(1);
    expect(a(line).filter((e) => e.kind === 'usage')).toHaveLength(0);
    expect(createClaudeParser()(line).filter((e) => e.kind === 'usage')).toHaveLength(1);
  });

  it('reports permission denials and error results as errors and a failed finish', () => {
    const parse = createClaudeParser();
    parse(INIT); // a whole run: the result's totals may top up the usage
    const denied = parse(
      JSON.stringify({
        type: 'result',
        subtype: 'success',
        is_error: false,
        result: 'I need permission to edit test-file.txt.',
        session_id: SESSION,
        total_cost_usd: 0.3464,
        usage: usage(8, 32, 192, 17004),
        permission_denials: [
          {
            tool_name: 'Edit',
            tool_use_id: 'toolu_01Y',
            tool_input: { file_path: '/w/test-file.txt', old_string: 'a' },
          },
          { tool_name: 'Bash', tool_use_id: 'toolu_01Z', tool_input: { command: 'rm -rf x' } },
        ],
      }),
    );
    expect(denied).toEqual([
      // No assistant usage came before: the result's totals are counted once.
      {
        kind: 'usage',
        messageId: `result:${SESSION}`,
        input: 8,
        output: 32,
        cacheRead: 17004,
        cacheWrite: 192,
      },
      { kind: 'error', message: 'permission denied for 2 tool call(s): Edit /w/test-file.txt, Bash' },
      { kind: 'finished', ok: true, result: 'I need permission to edit test-file.txt.', costUsd: 0.3464 },
    ]);
    const maxTurns = parse(
      JSON.stringify({
        type: 'result',
        subtype: 'error_max_turns',
        is_error: false,
        num_turns: 3,
        session_id: SESSION,
        total_cost_usd: 0.01,
      }),
    );
    expect(maxTurns).toEqual([
      { kind: 'error', message: 'Claude ended with error_max_turns' },
      { kind: 'finished', ok: false, costUsd: 0.01 },
    ]);
    const apiError = parse(
      JSON.stringify({
        type: 'result',
        subtype: 'success',
        is_error: true,
        result: 'API Error: 401 {"type":"error","error":{"type":"authentication_error"}}',
        session_id: SESSION,
        total_cost_usd: 0,
      }),
    );
    expect(apiError[0]).toEqual({
      kind: 'error',
      message: 'API Error: 401 {"type":"error","error":{"type":"authentication_error"}}',
    });
    expect(apiError[1]).toMatchObject({ kind: 'finished', ok: false });
  });

  it('turns an API error message into an error event, not assistant text', () => {
    const line = JSON.stringify({
      type: 'assistant',
      message: {
        id: 'msg_err',
        model: '<synthetic>',
        role: 'assistant',
        content: [{ type: 'text', text: 'API Error: Connection error.' }],
        usage: usage(0, 0),
      },
      session_id: SESSION,
      error: 'unknown',
      isApiErrorMessage: true,
    });
    expect(createClaudeParser()(line)[0]).toEqual({ kind: 'error', message: 'API Error: Connection error.' });
  });

  it('ignores unknown and partial lines, and reports plain-text lines only when they look like errors', () => {
    const parse = createClaudeParser();
    expect(parse(JSON.stringify({ type: 'stream_event', event: { type: 'content_block_delta' } }))).toEqual(
      [],
    );
    expect(
      parse(JSON.stringify({ type: 'system', subtype: 'compact_boundary', session_id: SESSION })),
    ).toEqual([]);
    expect(
      parse(assistant('msg_t', { type: 'thinking', thinking: 'hmm', signature: 's' }, usage(1, 2))),
    ).toEqual([{ kind: 'usage', messageId: 'msg_t', input: 1, output: 2, cacheRead: 0, cacheWrite: 0 }]);
    expect(parse('{"type":"assistant","message":{"id":"msg_')).toEqual([]);
    expect(parse('')).toEqual([]);
    expect(parse('Loading configuration...')).toEqual([]);
    expect(parse('Error: When using --print, --output-format=stream-json requires --verbose')).toEqual([
      { kind: 'error', message: 'Error: When using --print, --output-format=stream-json requires --verbose' },
    ]);
    expect(parse('TypeError: Cannot read properties of undefined')).toHaveLength(1);
    expect(parse(JSON.stringify({ type: 'error', error: { message: 'overloaded_error' } }))).toEqual([
      { kind: 'error', message: 'overloaded_error' },
    ]);
  });

  it('clips very long tool output', () => {
    const events = createClaudeParser()(toolResult('toolu_big', 'x'.repeat(100_000)));
    const e = events[0];
    expect(e?.kind).toBe('tool_result');
    expect(e?.kind === 'tool_result' ? (e.text?.length ?? 0) : 0).toBeLessThan(5000);
  });
});
