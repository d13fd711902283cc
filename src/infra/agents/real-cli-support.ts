// What the claude, codex and gemini adapters share: the environment they build, private config homes,
// and how a real CLI's exit is classified.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ExitClass, ExitInfo, LaunchInput } from './adapter.js';

/**
 * The environment for the agent process, on top of grove's own: grove's variables, then the adapter's
 * defaults, then the agent definition's `env` (which wins).
 */
export function agentEnv(input: LaunchInput, defaults: Record<string, string>): Record<string, string> {
  return { ...input.groveEnv, ...defaults, ...input.agent.env };
}

/**
 * A private config home replaces HOME, so the CLI sees only what grove seeded there. Git inside it
 * still reads the person's global config (name, email) through GIT_CONFIG_GLOBAL.
 */
export function privateHomeEnv(homeDir: string): Record<string, string> {
  const env: Record<string, string> = { HOME: homeDir };
  const gitconfig = join(homedir(), '.gitconfig');
  if (process.env.GIT_CONFIG_GLOBAL === undefined && existsSync(gitconfig)) env.GIT_CONFIG_GLOBAL = gitconfig;
  return env;
}

export function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Exit classification for a CLI with structured output: a clean exit must also have reported a
 * successful result; `hints` explain known exit codes.
 */
export function classifyCliExit(cli: string, exit: ExitInfo, hints: Record<number, string> = {}): ExitClass {
  if (exit.signal !== null) return { kind: 'killed', signal: exit.signal };
  const detail = exit.lastError ? `: ${exit.lastError}` : '';
  if (exit.code === 0) {
    if (!exit.sawFinished)
      return { kind: 'failed', reason: `${cli} exited without reporting a result${detail}` };
    if (exit.finishedOk === false) return { kind: 'failed', reason: `${cli} reported a failed run${detail}` };
    return { kind: 'completed' };
  }
  const hint = exit.code !== null ? hints[exit.code] : undefined;
  return {
    kind: 'failed',
    reason: `${cli} exited with code ${exit.code ?? 'unknown'}${hint ? ` (${hint})` : ''}${detail}`,
  };
}
