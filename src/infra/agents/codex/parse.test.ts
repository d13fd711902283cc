import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCodexParser } from './parse.js';
import { writeBaseline } from './usage-baseline.js';

// Lines as codex-cli 0.171.0 `exec --json` printed them against the mock model server.
const RUN = [
  '{"type":"thread.started","thread_id":"01a22064-0683-7a91-bf5d-819d7f2061b1"}',
  '{"type":"turn.started"}',
  '{"type":"item.started","item":{"id":"item_0","type":"command_execution","command":"/bin/bash -lc \'cat hello.txt\'","aggregated_output":"","exit_code":null,"status":"in_progress"}}',
  '{"type":"item.completed","item":{"id":"item_0","type":"command_execution","command":"/bin/bash -lc \'cat hello.txt\'","aggregated_output":"cat: hello.txt: No such file or directory\\n","exit_code":1,"status":"failed"}}',
  '{"type":"item.started","item":{"id":"item_1","type":"file_change","changes":[{"path":"/r/hello.txt","kind":"add"}],"status":"in_progress"}}',
  '{"type":"item.completed","item":{"id":"item_1","type":"file_change","changes":[{"path":"/r/hello.txt","kind":"add"}],"status":"completed"}}',
  '{"type":"item.completed","item":{"id":"item_2","type":"agent_message","text":"Done.\\n```json\\n{\\"status\\":\\"completed\\"}\\n```"}}',
  '{"type":"turn.completed","usage":{"input_tokens":2460,"cached_input_tokens":400,"cache_write_input_tokens":60,"output_tokens":100,"reasoning_output_tokens":0}}',
];

describe('codex parser', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('turns exec --json lines into session, tool calls with files, results, message, usage and finished', () => {
    const parse = createCodexParser();
    expect(RUN.flatMap((l) => parse(l))).toEqual([
      { kind: 'session', sessionId: '01a22064-0683-7a91-bf5d-819d7f2061b1' },
      { kind: 'tool_call', id: 'item_0', name: 'shell', files: [], summary: "/bin/bash -lc 'cat hello.txt'" },
      { kind: 'tool_result', id: 'item_0', ok: false, text: 'cat: hello.txt: No such file or directory\n' },
      {
        kind: 'tool_call',
        id: 'item_1',
        name: 'apply_patch',
        files: ['/r/hello.txt'],
        summary: 'add /r/hello.txt',
      },
      { kind: 'tool_result', id: 'item_1', ok: true },
      { kind: 'message', role: 'assistant', text: 'Done.\n```json\n{"status":"completed"}\n```' },
      { kind: 'usage', messageId: 'turn-1', input: 2000, output: 100, cacheRead: 400, cacheWrite: 60 },
      { kind: 'finished', ok: true, result: 'Done.\n```json\n{"status":"completed"}\n```' },
    ]);
  });

  it('emits a tool call once even when only the completed item is seen (output re-read from an offset)', () => {
    const parse = createCodexParser();
    expect(parse(RUN[5]!).map((e) => e.kind)).toEqual(['tool_call', 'tool_result']);
  });

  it('subtracts the usage the resumed thread had before this run', async () => {
    const home = mkdtempSync(join(tmpdir(), 'grove-codex-parse-'));
    dirs.push(home);
    await writeBaseline(home, {
      input_tokens: 2000,
      cached_input_tokens: 300,
      cache_write_input_tokens: 60,
      output_tokens: 90,
    });
    const parse = createCodexParser({ homeDir: home });
    expect(parse(RUN[7]!)[0]).toEqual({
      kind: 'usage',
      messageId: 'turn-1',
      input: 360,
      output: 10,
      cacheRead: 100,
      cacheWrite: 0,
    });
  });

  it("counts a failed run's served tokens from the thread's rollout, past the baseline", async () => {
    const home = mkdtempSync(join(tmpdir(), 'grove-codex-parse-'));
    dirs.push(home);
    const codexHome = join(home, 'codex');
    const thread = '01a22064-0683-7a91-bf5d-819d7f2061b1';
    mkdirSync(join(codexHome, 'sessions', '2026', '12', '06'), { recursive: true });
    const tokenCount = (input: number, cached: number, output: number): string =>
      JSON.stringify({
        type: 'event_msg',
        payload: {
          type: 'token_count',
          info: {
            total_token_usage: { input_tokens: input, cached_input_tokens: cached, output_tokens: output },
          },
        },
      });
    writeFileSync(
      join(codexHome, 'sessions', '2026', '12', '06', `rollout-2026-12-06T22-00-00-${thread}.jsonl`),
      [tokenCount(1000, 100, 10), tokenCount(2800, 400, 28), ''].join('\n'),
    );
    await writeBaseline(
      home,
      { input_tokens: 1000, cached_input_tokens: 100, cache_write_input_tokens: 0, output_tokens: 10 },
      codexHome,
    );
    const parse = createCodexParser({ homeDir: home });
    parse(RUN[0]!);
    expect(parse('{"type":"turn.failed","error":{"message":"stream disconnected"}}')).toEqual([
      { kind: 'usage', messageId: 'turn-1-failed', input: 1500, output: 18, cacheRead: 300, cacheWrite: 0 },
      { kind: 'error', message: 'stream disconnected' },
      { kind: 'finished', ok: false, result: 'stream disconnected' },
    ]);
  });

  it('reports failed turns and errors, and ignores what it does not know', () => {
    const parse = createCodexParser();
    expect(parse('{"type":"turn.failed","error":{"message":"stream disconnected"}}')).toEqual([
      { kind: 'error', message: 'stream disconnected' },
      { kind: 'finished', ok: false, result: 'stream disconnected' },
    ]);
    expect(parse('{"type":"error","message":"Reconnecting... 1/5"}')).toEqual([
      { kind: 'error', message: 'Reconnecting... 1/5' },
    ]);
    expect(parse('{"type":"item.completed","item":{"id":"i","type":"reasoning","text":"hm"}}')).toEqual([]);
    expect(parse('Reading additional input from stdin...')).toEqual([]);
    expect(parse('{"type":"future.event"}')).toEqual([]);
  });
});
