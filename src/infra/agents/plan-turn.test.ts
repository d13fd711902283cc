// Each adapter's plan-only turn (`LaunchInput.planOnly`, config `review.agent_plan`): the CLI's own
// read-only or plan mode, checked against what the pinned CLIs accept (AGENT-CLIS.md, `--help`).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AdapterKind } from '../../shared/config.js';
import { AgentDefinitionSchema } from '../../shared/config.js';
import type { LaunchInput } from './adapter.js';
import { getAdapter } from './registry.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function input(adapter: AdapterKind, planOnly: boolean, extra: Record<string, unknown> = {}): LaunchInput {
  const home = mkdtempSync(join(tmpdir(), 'grove-plan-turn-'));
  dirs.push(home);
  return {
    agent: AgentDefinitionSchema.parse({ adapter, ...extra }),
    agentName: adapter,
    prompt: 'plan it',
    worktree: '/w/task',
    repoRoot: '/r',
    newSessionId: '11111111-2222-4333-8444-555555555555',
    groveEnv: { GROVE_TASK_ID: 't1' },
    homeDir: home,
    ...(planOnly ? { planOnly: true } : {}),
  };
}

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}

describe('plan-only turns per adapter', () => {
  it.each<[AdapterKind, string, string, Record<string, unknown>]>([
    ['claude', '--permission-mode', 'plan', { permission_mode: 'acceptEdits' }],
    ['codex', '--sandbox', 'read-only', { permission_mode: 'danger-full-access' }],
    ['gemini', '--approval-mode', 'plan', { permission_mode: 'yolo' }],
    ['scripted', '--permission-mode', 'plan', { permission_mode: 'acceptEdits' }],
  ])('%s: %s %s in the plan turn, the configured mode otherwise', (adapter, name, plan, extra) => {
    const a = getAdapter(adapter);
    expect(a.planTurn).toBeTruthy();
    expect(flag(a.buildLaunch(input(adapter, true, extra)).args, name)).toBe(plan);
    expect(flag(a.buildLaunch(input(adapter, false, extra)).args, name)).toBe(extra['permission_mode']);
  });

  it("codex's private config.toml is read-only too in the plan turn", async () => {
    const a = getAdapter('codex');
    const i = input('codex', true, {
      permission_mode: 'danger-full-access',
      env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    await a.prepareHome?.(i);
    expect(readFileSync(join(i.homeDir, 'codex', 'config.toml'), 'utf8')).toContain(
      'sandbox_mode = "read-only"',
    );
  });

  it('the command adapter cannot run one: a clear error naming what to change', () => {
    const a = getAdapter('command');
    expect(a.planTurn).toBeUndefined();
    expect(() => a.buildLaunch(input('command', true, { bin: './agent.sh' }))).toThrow(
      /agent "command" \(adapter command\) cannot write an agent plan/,
    );
    expect(a.buildLaunch(input('command', false, { bin: './agent.sh' })).args).toEqual(['plan it']);
  });
});
