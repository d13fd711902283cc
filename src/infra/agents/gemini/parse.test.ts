import { describe, expect, it } from 'vitest';
import { createGeminiParser } from './parse.js';

// Lines as gemini-cli 0.61.0 `--output-format stream-json` printed them against the mock model server.
const RUN = [
  '{"type":"init","timestamp":"2026-11-28T04:22:53.875Z","session_id":"0f36b1db-954b-4049-9bee-a9a9e5cec634","model":"auto"}',
  '{"type":"message","timestamp":"2026-11-28T04:22:53.880Z","role":"user","content":"please create hello"}',
  '{"type":"tool_use","timestamp":"2026-11-28T04:22:54.433Z","tool_name":"write_file","tool_id":"write_file_1","parameters":{"file_path":"/r/hello.txt","content":"hello\\n"}}',
  '{"type":"tool_result","timestamp":"2026-11-28T04:22:54.488Z","tool_id":"write_file_1","status":"success"}',
  '{"type":"tool_use","tool_name":"read_file","tool_id":"read_file_2","parameters":{"file_path":"/r/other.txt"}}',
  '{"type":"tool_result","tool_id":"read_file_2","status":"error","error":{"type":"file_not_found","message":"File not found"}}',
  '{"type":"message","role":"assistant","content":"Done.\\n","delta":true}',
  '{"type":"message","role":"assistant","content":"```json\\n{}\\n```","delta":true}',
  '{"type":"result","timestamp":"2026-11-28T04:22:54.525Z","status":"success","stats":{"total_tokens":2500,"input_tokens":2400,"output_tokens":100,"cached":400,"input":2000,"duration_ms":650,"tool_calls":1}}',
];

describe('gemini parser', () => {
  it('turns stream-json lines into session, tool calls (files for writes only), one joined message, usage, finished', () => {
    const parse = createGeminiParser();
    expect(RUN.flatMap((l) => parse(l))).toEqual([
      { kind: 'session', sessionId: '0f36b1db-954b-4049-9bee-a9a9e5cec634', model: 'auto' },
      {
        kind: 'tool_call',
        id: 'write_file_1',
        name: 'write_file',
        files: ['/r/hello.txt'],
        summary: '/r/hello.txt',
      },
      { kind: 'tool_result', id: 'write_file_1', ok: true },
      { kind: 'tool_call', id: 'read_file_2', name: 'read_file', files: [], summary: '/r/other.txt' },
      { kind: 'tool_result', id: 'read_file_2', ok: false, text: 'File not found' },
      { kind: 'message', role: 'assistant', text: 'Done.\n```json\n{}\n```' },
      { kind: 'usage', messageId: 'result', input: 2000, output: 100, cacheRead: 400, cacheWrite: 0 },
      { kind: 'finished', ok: true, result: 'Done.\n```json\n{}\n```' },
    ]);
  });

  it('names the edited file of replace, and reports a failed result as an error', () => {
    const parse = createGeminiParser();
    expect(
      parse(
        '{"type":"tool_use","tool_name":"replace","tool_id":"r1","parameters":{"file_path":"/r/a.ts","old_string":"a","new_string":"b"}}',
      ),
    ).toMatchObject([{ kind: 'tool_call', files: ['/r/a.ts'] }]);
    expect(
      parse(
        '{"type":"result","status":"error","error":{"type":"FatalTurnLimitedError","message":"Reached max session turns"}}',
      ),
    ).toEqual([
      { kind: 'error', message: 'Reached max session turns' },
      { kind: 'finished', ok: false, result: 'Reached max session turns' },
    ]);
    expect(parse('{"type":"error","severity":"warning","message":"loop detected"}')).toEqual([]);
    expect(parse('{"type":"error","severity":"error","message":"quota exceeded"}')).toEqual([
      { kind: 'error', message: 'quota exceeded' },
    ]);
    expect(parse('YOLO mode is enabled.')).toEqual([]);
  });
});
