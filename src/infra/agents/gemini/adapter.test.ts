import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentDefinitionSchema } from '../../../shared/config.js';
import type { LaunchInput } from '../adapter.js';
import { geminiAdapter } from './adapter.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function input(env: Record<string, string> = {}, resumeSessionId?: string): LaunchInput {
  const home = mkdtempSync(join(tmpdir(), 'grove-gemini-home-'));
  dirs.push(home);
  return {
    agent: AgentDefinitionSchema.parse({ adapter: 'gemini', env, model: 'gemini-pro' }),
    agentName: 'gemini',
    prompt: '-y do it',
    worktree: '/w',
    repoRoot: '/r',
    newSessionId: 'sess-new',
    groveEnv: {},
    homeDir: home,
    ...(resumeSessionId ? { resumeSessionId } : {}),
  };
}

describe('gemini adapter', () => {
  it('passes the prompt as one --prompt= argument, pre-assigns the session id, closes stdin', () => {
    const launch = geminiAdapter.buildLaunch(input());
    expect(launch.args).toEqual([
      '--prompt=-y do it',
      '--output-format',
      'stream-json',
      '--approval-mode',
      'auto_edit',
      '--skip-trust',
      '--session-id',
      'sess-new',
      '--model',
      'gemini-pro',
    ]);
    expect(launch.stdin).toBe('closed');
    expect(launch.env).toEqual({});
  });

  it('resumes by session id', () => {
    expect(geminiAdapter.buildLaunch(input({}, 'sess-old')).args).toEqual(
      expect.arrayContaining(['--resume', 'sess-old']),
    );
  });

  it('with GOOGLE_GEMINI_BASE_URL: a private HOME with API-key auth selected and folder trust off', async () => {
    const i = input({ GOOGLE_GEMINI_BASE_URL: 'http://127.0.0.1:9' });
    await geminiAdapter.prepareHome!(i);
    expect(geminiAdapter.buildLaunch(i).env).toMatchObject({
      HOME: i.homeDir,
      GEMINI_API_KEY: 'grove-local',
    });
    expect(JSON.parse(readFileSync(join(i.homeDir, '.gemini', 'settings.json'), 'utf8'))).toEqual({
      security: { auth: { selectedType: 'gemini-api-key' }, folderTrust: { enabled: false } },
    });
  });

  it('explains its known exit codes', () => {
    const exit = { code: 41, signal: null, sawFinished: false, finishedOk: undefined, lastError: undefined };
    const verdict = geminiAdapter.classifyExit(exit);
    expect(verdict.kind === 'failed' ? verdict.reason : '').toContain('authentication failed');
  });
});
