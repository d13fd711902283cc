// The dashboard's "Open in terminal" line comes from the agent's own adapter, so it resumes a session
// exactly the way the adapter says (codex's interactive TUI needs --no-daemon; copilot names its repo).
import { describe, expect, it } from 'vitest';
import { attachCommand } from '../../src/app/dashboard/attach.js';
import { ConfigSchema } from '../../src/shared/config.js';

const config = ConfigSchema.parse({
  agents: {
    fast: { adapter: 'codex', bin: '/opt/codex' },
    cloud: { adapter: 'copilot', repo: 'acme/site' },
  },
});
const task = (agent: string | null, session_id: string | null, worktree: string | null = '/w/t 1') => ({
  agent,
  session_id,
  worktree,
});

describe('dashboard attach command', () => {
  it('resumes each built-in CLI the way its adapter does', () => {
    expect(attachCommand(config, task('claude', 's-1'))?.argv).toEqual(['claude', '--resume', 's-1']);
    expect(attachCommand(config, task('codex', 's-1'))?.argv).toEqual([
      'codex',
      'resume',
      '--no-daemon',
      's-1',
    ]);
    expect(attachCommand(config, task('gemini', 's-1'))?.argv).toEqual(['gemini', '--resume', 's-1']);
  });

  it('uses a configured agent’s bin and options, and shows the line with cd', () => {
    expect(attachCommand(config, task('fast', 's-2'))).toEqual({
      cwd: '/w/t 1',
      argv: ['/opt/codex', 'resume', '--no-daemon', 's-2'],
      display: "cd '/w/t 1' && /opt/codex resume --no-daemon s-2",
    });
    expect(attachCommand(config, task('cloud', 'job-9'))?.argv).toEqual([
      'gh',
      'agent-task',
      'view',
      'job-9',
      '--log',
      '-R',
      'acme/site',
    ]);
  });

  it('gives a plain shell without a session, for an unsafe id, a scripted or an unknown agent', () => {
    const shell = { cwd: '/w/t 1', argv: [], display: "cd '/w/t 1'" };
    expect(attachCommand(config, task('claude', null))).toEqual(shell);
    expect(attachCommand(config, task('claude', '--dangerously-skip-permissions'))).toEqual(shell);
    expect(attachCommand(config, task('cloud', '--help'))).toEqual(shell);
    expect(attachCommand(config, task('scripted', 's-1'))).toEqual(shell);
    expect(attachCommand(config, task('nobody', 's-1'))).toEqual(shell);
    expect(attachCommand(config, task(null, 's-1'))).toEqual(shell);
  });

  it('has nothing to offer without a worktree unless there is a session to resume', () => {
    expect(attachCommand(config, task('claude', null, null))).toBeUndefined();
    expect(attachCommand(config, task('claude', 's-1', null))).toEqual({
      cwd: null,
      argv: ['claude', '--resume', 's-1'],
      display: 'claude --resume s-1',
    });
  });
});
