// `grove demo --agent X`: the real CLI must be installed; say so clearly before anything is made.
import { tmpdir } from 'node:os';
import { agentBinary, resolveAgent } from '../../infra/agents/registry.js';
import { findExecutable } from '../../infra/agents/registry-probe.js';
import { ConfigSchema } from '../../shared/config.js';
import { GroveError } from '../../shared/errors.js';

export const DEMO_AGENTS = ['claude', 'codex', 'gemini'] as const;
export type DemoAgent = (typeof DEMO_AGENTS)[number];

const INSTALL: Record<DemoAgent, string> = {
  claude: 'npm install -g @anthropic-ai/claude-code, then run `claude` once to sign in',
  codex: 'npm install -g @openai/codex, then `codex login`',
  gemini: 'npm install -g @google/gemini-cli, then run `gemini` once to sign in',
};

/** The program's path; AGENT_NOT_FOUND (with how to install it) when it is not on PATH. */
export function checkRealAgent(agent: DemoAgent, path = process.env.PATH ?? ''): string {
  const bin = agentBinary(resolveAgent(ConfigSchema.parse({}), agent).definition);
  const found = findExecutable(bin, tmpdir(), path);
  if (!found) {
    throw new GroveError('AGENT_NOT_FOUND', `grove demo --agent ${agent}: \`${bin}\` is not on PATH`, {
      hint: `install and sign in: ${INSTALL[agent]}; or run \`grove demo\` without --agent (the scripted agent needs no key)`,
    });
  }
  return found;
}
