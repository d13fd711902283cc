import { describe, expect, it } from 'vitest';
import { AgentDefinitionSchema } from '../../../shared/config.js';
import type { LaunchInput } from '../adapter.js';
import { commandAdapter } from './adapter.js';

function input(def: Record<string, unknown>): LaunchInput {
  return {
    agent: AgentDefinitionSchema.parse({ adapter: 'command', ...def }),
    agentName: 'mine',
    prompt: 'do the "thing"; rm -rf $HOME',
    worktree: '/w',
    repoRoot: '/r',
    newSessionId: 's',
    groveEnv: { GROVE_TASK_ID: 't1' },
    homeDir: '/h',
  };
}

describe('command adapter', () => {
  it('passes the prompt as one last argument, untouched by any shell', () => {
    const l = commandAdapter.buildLaunch(input({ bin: 'my-agent', args: ['--fast'], env: { A: '1' } }));
    expect(l).toEqual({
      file: 'my-agent',
      args: ['--fast', 'do the "thing"; rm -rf $HOME'],
      env: { A: '1', GROVE_TASK_ID: 't1' },
      stdin: 'closed',
    });
  });

  it('passes the prompt on stdin with prompt_via: stdin', () => {
    const l = commandAdapter.buildLaunch(input({ bin: 'my-agent', prompt_via: 'stdin' }));
    expect(l.args).toEqual([]);
    expect(l.stdin).toEqual({ text: 'do the "thing"; rm -rf $HOME' });
  });

  it('refuses an agent without a program, saying what to set', () => {
    expect(() => commandAdapter.buildLaunch(input({}))).toThrow(/names no program/);
  });

  it('turns stdout lines into messages and skips blank ones', () => {
    const parse = commandAdapter.createParser();
    expect(parse('hello')).toEqual([{ kind: 'message', role: 'assistant', text: 'hello' }]);
    expect(parse('  ')).toEqual([]);
  });

  it('classifies exits by code and signal', () => {
    const base = { sawFinished: false, finishedOk: undefined, lastError: undefined };
    expect(commandAdapter.classifyExit({ ...base, code: 0, signal: null })).toEqual({ kind: 'completed' });
    expect(commandAdapter.classifyExit({ ...base, code: 2, signal: null, lastError: 'boom' })).toEqual({
      kind: 'failed',
      reason: 'exited with code 2: boom',
    });
    expect(commandAdapter.classifyExit({ ...base, code: null, signal: 'SIGKILL' })).toEqual({
      kind: 'killed',
      signal: 'SIGKILL',
    });
  });
});
