import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentAdapter, Launch, LaunchInput } from '../adapter.js';
import { agentEnv, classifyCliExit, privateHomeEnv } from '../real-cli-support.js';
import { isSafeSessionId, safeSessionId } from '../session-id.js';
import { createGeminiParser } from './parse.js';

/**
 * Gemini CLI (`gemini --output-format stream-json`). When the agent's `env` sets GOOGLE_GEMINI_BASE_URL,
 * grove runs it with a private HOME whose ~/.gemini/settings.json selects API-key auth and turns off
 * folder trust; otherwise Gemini CLI uses the person's own ~/.gemini.
 */
export const GEMINI_BASE_URL_KEY = 'GOOGLE_GEMINI_BASE_URL';
/** auto_edit approves file edits only, like Claude's acceptEdits; `yolo` approves everything. */
const DEFAULT_APPROVAL = 'auto_edit';

/** Gemini CLI's documented exit codes. */
const EXIT_HINTS: Record<number, string> = {
  41: 'authentication failed: set GEMINI_API_KEY in the agent env or log in with `gemini`',
  42: 'invalid input or arguments',
  44: 'sandbox error',
  52: 'invalid configuration in settings.json',
  53: 'the session reached its turn limit',
  130: 'cancelled',
};

async function readJson(path: string): Promise<Record<string, unknown>> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

export const geminiAdapter: AgentAdapter = {
  kind: 'gemini',
  defaultBin: 'gemini',
  versionArgs: ['--version'],
  planTurn: '--approval-mode plan',

  async prepareHome(input: LaunchInput): Promise<void> {
    if (input.agent.env[GEMINI_BASE_URL_KEY] === undefined) return;
    const dir = join(input.homeDir, '.gemini');
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'settings.json');
    const settings = await readJson(file);
    const security = (settings.security ?? {}) as Record<string, unknown>;
    settings.security = {
      ...security,
      auth: { selectedType: 'gemini-api-key' },
      folderTrust: { enabled: false },
    };
    await writeFile(file, `${JSON.stringify(settings, null, 2)}\n`);
  },

  buildLaunch(input: LaunchInput): Launch {
    const { agent } = input;
    const local = agent.env[GEMINI_BASE_URL_KEY] !== undefined;
    // The last line of defence: an unsafe id (one that reads as a flag) is never resumed.
    const resume = safeSessionId(input.resumeSessionId);
    const args = [
      // One argument: `--prompt=<text>` cannot be mistaken for a flag whatever the prompt starts with.
      `--prompt=${input.prompt}`,
      '--output-format',
      'stream-json',
      '--approval-mode',
      // A plan turn: Gemini CLI's own read-only `plan` approval mode.
      input.planOnly === true ? 'plan' : (agent.permission_mode ?? DEFAULT_APPROVAL),
      // grove made this worktree from the person's repository: trust it for this session.
      '--skip-trust',
      ...(resume !== undefined ? ['--resume', resume] : ['--session-id', input.newSessionId]),
      ...(agent.model !== undefined ? ['--model', agent.model] : []),
      ...agent.args,
    ];
    const defaults = local ? { ...privateHomeEnv(input.homeDir), GEMINI_API_KEY: 'grove-local' } : {};
    return { file: agent.bin ?? 'gemini', args, env: agentEnv(input, defaults), stdin: 'closed' };
  },

  createParser: createGeminiParser,

  classifyExit: (exit) => classifyCliExit('gemini', exit, EXIT_HINTS),

  attachCommand(sessionId, agent) {
    if (!isSafeSessionId(sessionId)) return undefined;
    return [agent.bin ?? 'gemini', '--resume', sessionId];
  },
};
