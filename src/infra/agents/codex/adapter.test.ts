import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentDefinitionSchema } from '../../../shared/config.js';
import type { LaunchInput } from '../adapter.js';
import { codexAdapter } from './adapter.js';
import { BASELINE_FILE } from './usage-baseline.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function input(over: Partial<LaunchInput> & { env?: Record<string, string> } = {}): LaunchInput {
  const home = mkdtempSync(join(tmpdir(), 'grove-codex-home-'));
  dirs.push(home);
  const { env, ...rest } = over;
  return {
    agent: AgentDefinitionSchema.parse({ adapter: 'codex', env: env ?? {} }),
    agentName: 'codex',
    prompt: '--looks like a flag; $(rm -rf /)',
    worktree: '/w',
    repoRoot: '/r',
    newSessionId: 'new-id',
    groveEnv: { GROVE_TASK_ID: 't1' },
    homeDir: home,
    ...rest,
  };
}

describe('codex adapter', () => {
  it('runs exec --json with the prompt as the one argument after --, stdin closed', () => {
    const launch = codexAdapter.buildLaunch(input());
    expect(launch.file).toBe('codex');
    expect(launch.args).toEqual([
      'exec',
      '--json',
      '--sandbox',
      'workspace-write',
      '--config',
      'approval_policy="never"',
      '--',
      '--looks like a flag; $(rm -rf /)',
    ]);
    expect(launch.stdin).toBe('closed');
    expect(launch.env).toEqual({ GROVE_TASK_ID: 't1' }); // the person's own ~/.codex
  });

  it('resumes the thread with exec resume <id>', () => {
    const launch = codexAdapter.buildLaunch(input({ resumeSessionId: 'thread-1' }));
    expect(launch.args.slice(-4)).toEqual(['resume', 'thread-1', '--', '--looks like a flag; $(rm -rf /)']);
  });

  it('with OPENAI_BASE_URL: a private CODEX_HOME whose config.toml names that endpoint', async () => {
    const i = input({ env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
    await codexAdapter.prepareHome!(i);
    const launch = codexAdapter.buildLaunch(i);
    expect(launch.env).toMatchObject({
      HOME: i.homeDir,
      CODEX_HOME: join(i.homeDir, 'codex'),
      OPENAI_API_KEY: 'grove-local',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
    });
    expect(launch.args).toEqual(expect.arrayContaining(['--disable', 'plugins', '--disable', 'apps']));
    const toml = readFileSync(join(i.homeDir, 'codex', 'config.toml'), 'utf8');
    expect(toml).toContain('base_url = "http://127.0.0.1:9/v1"');
    expect(toml).toContain('model = "gpt-5.5"');
    expect(toml).toContain('model_provider = "grove"');
  });

  it('records the resumed thread total from its rollout file before the run', async () => {
    const i = input({ env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }, resumeSessionId: 'abc-123' });
    const day = join(i.homeDir, 'codex', 'sessions', '2026', '11', '28');
    mkdirSync(day, { recursive: true });
    const count = (n: number): string =>
      JSON.stringify({
        type: 'event_msg',
        payload: {
          type: 'token_count',
          info: {
            total_token_usage: {
              input_tokens: n,
              cached_input_tokens: 1,
              cache_write_input_tokens: 0,
              output_tokens: 2,
            },
          },
        },
      });
    writeFileSync(
      join(day, 'rollout-2026-11-28T04-22-35-abc-123.jsonl'),
      [count(10), '{"type":"response_item"}', count(25), ''].join('\n'),
    );
    await codexAdapter.prepareHome!(i);
    expect(JSON.parse(readFileSync(join(i.homeDir, BASELINE_FILE), 'utf8'))).toMatchObject({
      input_tokens: 25,
      output_tokens: 2,
    });
  });

  it('classifies exits: clean with a result, clean without one, non-zero, signal', () => {
    const exit = { code: 0, signal: null, sawFinished: true, finishedOk: true, lastError: undefined };
    expect(codexAdapter.classifyExit(exit)).toEqual({ kind: 'completed' });
    expect(codexAdapter.classifyExit({ ...exit, sawFinished: false })).toMatchObject({ kind: 'failed' });
    expect(codexAdapter.classifyExit({ ...exit, code: 1, lastError: 'boom' })).toEqual({
      kind: 'failed',
      reason: 'codex exited with code 1: boom',
    });
    expect(codexAdapter.classifyExit({ ...exit, code: null, signal: 'SIGTERM' })).toEqual({
      kind: 'killed',
      signal: 'SIGTERM',
    });
    expect(codexAdapter.attachCommand('t-1', AgentDefinitionSchema.parse({ adapter: 'codex' }))).toEqual([
      'codex',
      'resume',
      '--no-daemon',
      't-1',
    ]);
  });
});
