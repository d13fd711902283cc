// A CLI that reports the session id `--dangerously-skip-permissions` must not get that flag on the
// next resume: the parsers never record such an id, and every adapter refuses to resume it (a fresh
// session instead), whether it came from the output or from an old state database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AgentAdapter, LaunchInput } from '../../../src/infra/agents/adapter.js';
import { claudeAdapter } from '../../../src/infra/agents/claude/adapter.js';
import { createClaudeParser } from '../../../src/infra/agents/claude/parse.js';
import { codexAdapter } from '../../../src/infra/agents/codex/adapter.js';
import { createCodexParser } from '../../../src/infra/agents/codex/parse.js';
import { geminiAdapter } from '../../../src/infra/agents/gemini/adapter.js';
import { createGeminiParser } from '../../../src/infra/agents/gemini/parse.js';
import { scriptedAdapter } from '../../../src/infra/agents/scripted/adapter.js';
import { AgentDefinitionSchema } from '../../../src/shared/config.js';

const BAD = '--dangerously-skip-permissions';
const NEW = '11111111-2222-4333-8444-555555555555';
const GOOD = '8f3c2a10-5b7e-4c1d-9a2b-0e6f4d3c2b1a';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function input(adapter: string, resumeSessionId?: string): LaunchInput {
  const home = mkdtempSync(join(tmpdir(), 'grove-unsafe-session-'));
  dirs.push(home);
  return {
    agent: AgentDefinitionSchema.parse({ adapter, bin: `/bin/${adapter}` }),
    agentName: adapter,
    prompt: 'fix it',
    worktree: home,
    repoRoot: home,
    newSessionId: NEW,
    groveEnv: {},
    homeDir: home,
    ...(resumeSessionId !== undefined ? { resumeSessionId } : {}),
  };
}

/** The value after `flag` in `args`, if the flag is there. */
function after(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1];
}

const ADAPTERS: Array<[string, AgentAdapter, string, 'session-id' | 'none']> = [
  ['claude', claudeAdapter, '--resume', 'session-id'],
  ['gemini', geminiAdapter, '--resume', 'session-id'],
  ['scripted', scriptedAdapter, '--resume', 'session-id'],
  ['codex', codexAdapter, 'resume', 'none'],
];

describe.each(ADAPTERS)('%s adapter and an unsafe session id', (kind, adapter, resumeFlag, fresh) => {
  it(`never builds \`${resumeFlag} ${BAD}\`: it starts a fresh session instead`, async () => {
    const i = input(kind, BAD);
    await adapter.prepareHome?.(i);
    const args = adapter.buildLaunch(i).args;
    expect(after(args, resumeFlag)).toBeUndefined();
    expect(args).not.toContain(BAD);
    if (fresh === 'session-id') expect(after(args, '--session-id')).toBe(NEW);
  });

  it('still resumes a real id', () => {
    const args = adapter.buildLaunch(input(kind, GOOD)).args;
    expect(after(args, resumeFlag)).toBe(GOOD);
  });

  it('offers no attach command for it', () => {
    expect(adapter.attachCommand(BAD, AgentDefinitionSchema.parse({ adapter: kind }))).toBeUndefined();
  });
});

describe('parsers and an unsafe session id', () => {
  const lines: Array<[string, () => (line: string) => unknown[], string]> = [
    [
      'claude (and scripted)',
      createClaudeParser,
      JSON.stringify({ type: 'system', subtype: 'init', session_id: BAD, model: 'm' }),
    ],
    ['codex', createCodexParser, JSON.stringify({ type: 'thread.started', thread_id: BAD })],
    ['gemini', createGeminiParser, JSON.stringify({ type: 'init', session_id: BAD, model: 'm' })],
  ];

  it.each(lines)(
    '%s: the id is not recorded as the session; an error event says why',
    (_name, make, line) => {
      const events = make()(line);
      expect(events).toEqual([
        {
          kind: 'error',
          message: expect.stringMatching(
            /ignored the session id "--dangerously-skip-permissions"/,
          ) as unknown,
        },
      ]);
    },
  );

  it.each(lines)('%s: a real id is still the session', (_name, make, line) => {
    const events = make()(line.replace(BAD, GOOD));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'session', sessionId: GOOD }));
  });
});
