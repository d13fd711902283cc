import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentDefinitionSchema } from '../../../shared/config.js';
import type { LaunchInput } from '../adapter.js';
import { claudeAdapter } from './adapter.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function input(env: Record<string, string> = {}, resumeSessionId?: string): LaunchInput {
  const home = mkdtempSync(join(tmpdir(), 'grove-claude-home-'));
  dirs.push(home);
  return {
    agent: AgentDefinitionSchema.parse({
      adapter: 'claude',
      env,
      permission_mode: 'plan',
      args: ['--max-turns', '30'],
    }),
    agentName: 'claude',
    prompt: '--help me; `rm -rf /`',
    worktree: '/w/task',
    repoRoot: '/r',
    newSessionId: '11111111-2222-4333-8444-555555555555',
    groveEnv: { GROVE_TASK_ID: 't1' },
    homeDir: home,
    ...(resumeSessionId ? { resumeSessionId } : {}),
  };
}

describe('claude adapter', () => {
  it('runs -p with stream-json, a pre-assigned session id, extra args, and the prompt after --', () => {
    const launch = claudeAdapter.buildLaunch(input());
    expect(launch.args).toEqual([
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--include-partial-messages',
      '--permission-mode',
      'plan',
      '--session-id',
      '11111111-2222-4333-8444-555555555555',
      '--max-turns',
      '30',
      '--',
      '--help me; `rm -rf /`',
    ]);
    expect(launch.env).toEqual({ GROVE_TASK_ID: 't1' });
    expect(launch.stdin).toBe('closed');
  });

  it('resumes the old session instead of starting a new one', () => {
    const args = claudeAdapter.buildLaunch(input({}, 'old-session')).args;
    expect(args).toEqual(expect.arrayContaining(['--resume', 'old-session']));
    expect(args).not.toContain('--session-id');
  });

  it('with ANTHROPIC_BASE_URL: a private HOME seeded with onboarding, trust and the key, keeping what Claude wrote', async () => {
    const i = input({
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
      ANTHROPIC_API_KEY: 'sk-mock-0123456789abcdefghij',
    });
    writeFileSync(
      join(i.homeDir, '.claude.json'),
      JSON.stringify({ userID: 'kept', projects: { '/w/task': { history: [1] } } }),
    );
    await claudeAdapter.prepareHome!(i);
    const state = JSON.parse(readFileSync(join(i.homeDir, '.claude.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(state).toMatchObject({
      userID: 'kept',
      hasCompletedOnboarding: true,
      projects: {
        '/w/task': { history: [1], hasTrustDialogAccepted: true },
        '/r': { hasTrustDialogAccepted: true },
      },
      customApiKeyResponses: { approved: ['0123456789abcdefghij'] },
    });
    expect(claudeAdapter.buildLaunch(i).env).toMatchObject({
      HOME: i.homeDir,
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
    });
  });

  it('attaches with --resume', () => {
    expect(
      claudeAdapter.attachCommand(
        's-1',
        AgentDefinitionSchema.parse({ adapter: 'claude', bin: '/opt/claude' }),
      ),
    ).toEqual(['/opt/claude', '--resume', 's-1']);
    expect(
      claudeAdapter.attachCommand(undefined, AgentDefinitionSchema.parse({ adapter: 'claude' })),
    ).toBeUndefined();
  });
});
