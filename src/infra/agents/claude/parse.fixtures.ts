// Lines in the shape Claude Code 2.x prints with `-p --output-format stream-json --verbose`, for the
// parser's tests.
export const SESSION = '8f3c2a10-5b7e-4c1d-9a2b-0e6f4d3c2b1a';
export const usage = (
  input: number,
  output: number,
  cacheWrite = 0,
  cacheRead = 0,
): Record<string, unknown> => ({
  input_tokens: input,
  cache_creation_input_tokens: cacheWrite,
  cache_read_input_tokens: cacheRead,
  cache_creation: { ephemeral_5m_input_tokens: cacheWrite, ephemeral_1h_input_tokens: 0 },
  output_tokens: output,
  service_tier: 'standard',
});
export const assistant = (id: string, block: Record<string, unknown>, u: Record<string, unknown>): string =>
  JSON.stringify({
    type: 'assistant',
    message: {
      model: 'claude-sonnet-4-5-20250929',
      id,
      type: 'message',
      role: 'assistant',
      content: [block],
      stop_reason: null,
      stop_sequence: null,
      usage: u,
      context_management: null,
    },
    parent_tool_use_id: null,
    session_id: SESSION,
    uuid: 'c0ffee00-0000-4000-8000-000000000001',
  });
export const toolResult = (id: string, content: unknown, isError?: boolean): string =>
  JSON.stringify({
    type: 'user',
    message: {
      role: 'user',
      content: [{ tool_use_id: id, type: 'tool_result', content, ...(isError ? { is_error: true } : {}) }],
    },
    parent_tool_use_id: null,
    session_id: SESSION,
    uuid: 'c0ffee00-0000-4000-8000-000000000002',
    tool_use_result: { stdout: '', stderr: '', interrupted: false },
  });

export const INIT = JSON.stringify({
  type: 'system',
  subtype: 'init',
  cwd: '/work/repo.grove/add-login',
  session_id: SESSION,
  tools: ['Task', 'Bash', 'Glob', 'Grep', 'Read', 'Edit', 'MultiEdit', 'Write', 'NotebookEdit', 'TodoWrite'],
  mcp_servers: [],
  model: 'claude-sonnet-4-5-20250929',
  permissionMode: 'acceptEdits',
  slash_commands: ['compact', 'review'],
  apiKeySource: 'ANTHROPIC_API_KEY',
  claude_code_version: '2.1.197',
  output_style: 'default',
  agents: ['general-purpose'],
  uuid: 'c0ffee00-0000-4000-8000-000000000000',
});

const U1 = usage(3, 12, 5200, 13000);
const U2 = usage(7, 310, 420, 18200);
export const RUN = [
  INIT,
  assistant('msg_01AAA', { type: 'text', text: "I'll add the login form." }, U1),
  assistant(
    'msg_01AAA',
    {
      type: 'tool_use',
      id: 'toolu_01W',
      name: 'Write',
      input: { file_path: '/work/repo.grove/add-login/src/login.ts', content: 'export {}\n' },
    },
    U1,
  ),
  toolResult('toolu_01W', 'File created successfully at: /work/repo.grove/add-login/src/login.ts'),
  assistant(
    'msg_01BBB',
    {
      type: 'tool_use',
      id: 'toolu_01B',
      name: 'Bash',
      input: { command: 'npm test -- --run\necho done', description: 'Run the tests' },
    },
    U2,
  ),
  toolResult('toolu_01B', [{ type: 'text', text: 'Error: Exit code 1\nFAIL src/login.test.ts' }], true),
  assistant(
    'msg_01BBB',
    {
      type: 'tool_use',
      id: 'toolu_01E',
      name: 'MultiEdit',
      input: {
        file_path: '/work/repo.grove/add-login/src/a.ts',
        edits: [{ old_string: 'a', new_string: 'b' }],
      },
    },
    U2,
  ),
  assistant(
    'msg_01BBB',
    {
      type: 'tool_use',
      id: 'toolu_01N',
      name: 'NotebookEdit',
      input: { notebook_path: '/nb/x.ipynb', new_source: '' },
    },
    U2,
  ),
  JSON.stringify({
    type: 'result',
    subtype: 'success',
    is_error: false,
    duration_ms: 23911,
    duration_api_ms: 21050,
    num_turns: 4,
    result: 'Done.\n\n```json\n{"status":"completed","summary":"login form","learnings":[]}\n```',
    session_id: SESSION,
    total_cost_usd: 0.0912345,
    usage: usage(10, 322, 5620, 31200),
    permission_denials: [],
    uuid: 'c0ffee00-0000-4000-8000-000000000009',
  }),
];
