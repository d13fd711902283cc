import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AgentAdapter, Launch, LaunchInput } from '../adapter.js';
import { agentEnv, classifyCliExit, privateHomeEnv } from '../real-cli-support.js';
import { isSafeSessionId, safeSessionId } from '../session-id.js';
import { codexConfigToml } from './config-toml.js';
import { createCodexParser } from './parse.js';
import { readThreadTotal, writeBaseline, ZERO_CODEX_USAGE } from './usage-baseline.js';

/**
 * Codex (`codex exec --json`). When the agent's `env` sets OPENAI_BASE_URL, grove gives Codex a private
 * CODEX_HOME whose config.toml points a `grove` provider at that URL (Responses API, key from
 * OPENAI_API_KEY); otherwise Codex uses the person's own ~/.codex (login, config).
 */
export const CODEX_BASE_URL_KEY = 'OPENAI_BASE_URL';
const CODEX_KEY_VAR = 'OPENAI_API_KEY';
/** A model slug Codex knows (an unknown one loses the apply_patch tool). */
export const CODEX_DEFAULT_MODEL = 'gpt-5.5';
const DEFAULT_SANDBOX = 'workspace-write';
/** A plan turn: Codex's read-only sandbox (its patches and writing commands are refused). */
const PLAN_SANDBOX = 'read-only';

function sandboxMode(input: LaunchInput): string {
  return input.planOnly === true ? PLAN_SANDBOX : (input.agent.permission_mode ?? DEFAULT_SANDBOX);
}

function baseUrl(input: LaunchInput): string | undefined {
  return input.agent.env[CODEX_BASE_URL_KEY];
}

/** grove's private CODEX_HOME when the agent names an endpoint; otherwise the person's own. */
function codexHome(input: LaunchInput): string {
  if (baseUrl(input) !== undefined) return join(input.homeDir, 'codex');
  return input.agent.env.CODEX_HOME ?? process.env.CODEX_HOME ?? join(homedir(), '.codex');
}

export const codexAdapter: AgentAdapter = {
  kind: 'codex',
  defaultBin: 'codex',
  versionArgs: ['--version'],
  planTurn: '--sandbox read-only and a plan-only prompt',

  async prepareHome(input: LaunchInput): Promise<void> {
    const resumed = safeSessionId(input.resumeSessionId);
    await writeBaseline(
      input.homeDir,
      resumed === undefined ? ZERO_CODEX_USAGE : readThreadTotal(codexHome(input), resumed),
      codexHome(input),
    );
    const url = baseUrl(input);
    if (url === undefined) return;
    await mkdir(codexHome(input), { recursive: true });
    const toml = codexConfigToml({
      baseUrl: url,
      envKey: CODEX_KEY_VAR,
      model: input.agent.model ?? CODEX_DEFAULT_MODEL,
      sandbox: sandboxMode(input),
    });
    await writeFile(join(codexHome(input), 'config.toml'), toml);
  },

  buildLaunch(input: LaunchInput): Launch {
    const { agent } = input;
    const local = baseUrl(input) !== undefined;
    // The last line of defence: an unsafe id (one that reads as a flag) is never resumed.
    const resume = safeSessionId(input.resumeSessionId);
    const args = [
      'exec',
      '--json',
      '--sandbox',
      sandboxMode(input),
      '--config',
      'approval_policy="never"',
      // Plugins and apps reach out to OpenAI's servers: not wanted with a configured endpoint.
      ...(local ? ['--disable', 'plugins', '--disable', 'apps'] : []),
      ...(agent.model !== undefined ? ['--model', agent.model] : []),
      ...agent.args,
      ...(resume !== undefined ? ['resume', resume] : []),
      '--',
      input.prompt,
    ];
    const defaults = local
      ? { ...privateHomeEnv(input.homeDir), CODEX_HOME: codexHome(input), [CODEX_KEY_VAR]: 'grove-local' }
      : {};
    return { file: agent.bin ?? 'codex', args, env: agentEnv(input, defaults), stdin: 'closed' };
  },

  createParser: createCodexParser,

  classifyExit: (exit) => classifyCliExit('codex', exit),

  attachCommand(sessionId, agent) {
    if (!isSafeSessionId(sessionId)) return undefined;
    return [agent.bin ?? 'codex', 'resume', '--no-daemon', sessionId];
  },
};
