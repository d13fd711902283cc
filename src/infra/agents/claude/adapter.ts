import type { AgentAdapter, Launch, LaunchInput } from '../adapter.js';
import { agentEnv, classifyCliExit, privateHomeEnv, runningAsRoot } from '../real-cli-support.js';
import { isSafeSessionId, safeSessionId } from '../session-id.js';
import { seedClaudeHome } from './home.js';
import { createClaudeParser } from './parse.js';
import { claudePermissionMode } from './permission.js';

/**
 * Claude Code (`claude -p --output-format stream-json`). When the agent's `env` sets ANTHROPIC_BASE_URL,
 * grove runs it with a private HOME seeded for non-interactive use and without non-essential traffic;
 * otherwise Claude Code uses the person's own ~/.claude (login, settings).
 */
export const CLAUDE_BASE_URL_KEY = 'ANTHROPIC_BASE_URL';

function isLocal(input: LaunchInput): boolean {
  return input.agent.env[CLAUDE_BASE_URL_KEY] !== undefined;
}

function permissionMode(input: LaunchInput): string {
  // Claude Code's own plan mode: it may read and think, and its edit tools are refused.
  if (input.planOnly === true) return 'plan';
  const sandbox = input.agent.env.IS_SANDBOX ?? process.env.IS_SANDBOX;
  return claudePermissionMode(input.agent.permission_mode, {
    isRoot: runningAsRoot(),
    isSandbox: sandbox === '1',
  });
}

export const claudeAdapter: AgentAdapter = {
  kind: 'claude',
  defaultBin: 'claude',
  versionArgs: ['--version'],
  planTurn: '--permission-mode plan',

  async prepareHome(input: LaunchInput): Promise<void> {
    if (!isLocal(input)) return;
    const apiKey = input.agent.env.ANTHROPIC_API_KEY;
    await seedClaudeHome(input.homeDir, {
      trustedDirs: [input.worktree, input.repoRoot],
      ...(apiKey !== undefined ? { apiKey } : {}),
    });
  },

  buildLaunch(input: LaunchInput): Launch {
    const { agent } = input;
    // The last line of defence: an unsafe id (one that reads as a flag) is never resumed.
    const resume = safeSessionId(input.resumeSessionId);
    const args = [
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      // The raw stream too: its message_delta carries each reply's output tokens as the reply ends,
      // so budgets count them while the agent runs (the assistant lines carry only the reply's start).
      '--include-partial-messages',
      '--permission-mode',
      permissionMode(input),
      ...(resume !== undefined ? ['--resume', resume] : ['--session-id', input.newSessionId]),
      ...(agent.model !== undefined ? ['--model', agent.model] : []),
      ...agent.args,
      // After `--` the prompt is never read as a flag, whatever it starts with.
      '--',
      input.prompt,
    ];
    const defaults = isLocal(input)
      ? {
          ...privateHomeEnv(input.homeDir),
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
          DISABLE_TELEMETRY: '1',
          DISABLE_AUTOUPDATER: '1',
        }
      : {};
    return { file: agent.bin ?? 'claude', args, env: agentEnv(input, defaults), stdin: 'closed' };
  },

  createParser: createClaudeParser,

  classifyExit: (exit) => classifyCliExit('claude', exit),

  attachCommand(sessionId, agent) {
    if (!isSafeSessionId(sessionId)) return undefined;
    return [agent.bin ?? 'claude', '--resume', sessionId];
  },
};
