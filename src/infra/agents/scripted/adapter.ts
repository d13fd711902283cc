import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, join, normalize, resolve } from 'node:path';
import type { AgentDefinition } from '../../../shared/config.js';
import type { AgentAdapter, ExitClass, ExitInfo, Launch, LaunchInput } from '../adapter.js';
import { createClaudeParser } from '../claude/parse.js';
import { safeSessionId } from '../session-id.js';
import { findScriptedAgentBundle, requireScriptedAgentBundle } from './locate.js';

/** Where a plan keeps one script per task: `.grove/scripts/<task-id>.yaml` (or .yml, .json). */
export const TASK_SCRIPTS_DIR = '.grove/scripts';

/**
 * The script for one attempt: the task's own `.grove/scripts/<task>.yaml` when present, else the
 * agent's `script` (relative to the repository root), else `GROVE_SCRIPT` from the agent's env or
 * grove's; undefined means the agent's built-in default (complete without changes).
 *
 * A script inside the repository is read from the attempt's worktree when the worktree has it (it was
 * committed with the plan), as a path relative to the worktree: the agent runs there, on this machine
 * or on an SSH host, where this machine's main checkout does not exist. Else from the main checkout.
 */
export function selectScript(
  input: Pick<LaunchInput, 'agent' | 'repoRoot' | 'worktree' | 'groveEnv'>,
): string | undefined {
  const task = input.groveEnv['GROVE_TASK_ID'];
  if (task !== undefined) {
    for (const ext of ['yaml', 'yml', 'json']) {
      const found = inRepository(input, join(TASK_SCRIPTS_DIR, `${task}.${ext}`));
      if (found !== undefined) return found;
    }
  }
  const named = input.agent.script ?? input.agent.env['GROVE_SCRIPT'] ?? process.env['GROVE_SCRIPT'];
  if (named === undefined || named.length === 0) return undefined;
  if (isAbsolute(named)) return named;
  return inRepository(input, named) ?? resolve(input.repoRoot, named);
}

/** `path` (relative to the repository) in the worktree (relative), else in the main checkout (absolute). */
function inRepository(input: Pick<LaunchInput, 'repoRoot' | 'worktree'>, path: string): string | undefined {
  if (existsSync(join(input.worktree, path))) return normalize(path);
  const inMain = resolve(input.repoRoot, path);
  return existsSync(inMain) ? inMain : undefined;
}

function program(agent: AgentDefinition): { file: string; pre: string[] } {
  if (agent.bin !== undefined) return { file: agent.bin, pre: [] };
  return { file: process.execPath, pre: [requireScriptedAgentBundle()] };
}

export function buildScriptedLaunch(input: LaunchInput): Launch {
  const { file, pre } = program(input.agent);
  const script = selectScript(input);
  const task = input.groveEnv['GROVE_TASK_ID'];
  // The last line of defence: an unsafe id (one that reads as a flag) is never resumed.
  const resume = safeSessionId(input.resumeSessionId);
  const args = [
    ...pre,
    '-p',
    input.prompt,
    '--output-format',
    'stream-json',
    '--verbose',
    ...(resume !== undefined ? ['--resume', resume] : ['--session-id', input.newSessionId]),
    ...(script !== undefined ? ['--script', script] : []),
    ...(task !== undefined ? ['--task', task] : []),
    ...(input.agent.model !== undefined ? ['--model', input.agent.model] : []),
    // A plan turn: plan mode, as for Claude Code (the agent refuses its edit steps).
    ...(input.planOnly === true
      ? ['--permission-mode', 'plan']
      : input.agent.permission_mode !== undefined
        ? ['--permission-mode', input.agent.permission_mode]
        : []),
    // grove's reflection turn: answered from the script's `reflect`, not counted as a run.
    ...(input.reflection === true ? ['--reflect'] : []),
    ...input.agent.args,
  ];
  // Added to grove's own environment by the supervisor. The agent's home goes by variable, not by
  // `--home`: an SSH host maps grove's variables to its own folders.
  const env = { ...input.groveEnv, ...input.agent.env, GROVE_SCRIPTED_HOME: input.homeDir };
  return { file, args, env, stdin: 'closed' };
}

/** Exit 0 with a successful result line is success; anything else says what went wrong. */
export function classifyScriptedExit(exit: ExitInfo): ExitClass {
  if (exit.signal !== null) return { kind: 'killed', signal: exit.signal };
  const detail = exit.lastError !== undefined ? `: ${exit.lastError}` : '';
  if (exit.code !== 0) return { kind: 'failed', reason: `exit code ${exit.code ?? 'unknown'}${detail}` };
  if (!exit.sawFinished) return { kind: 'failed', reason: `the agent exited without a result${detail}` };
  if (exit.finishedOk === false) return { kind: 'failed', reason: `the agent reported an error${detail}` };
  return { kind: 'completed' };
}

export const scriptedAdapter: AgentAdapter = {
  kind: 'scripted',
  get defaultBin(): string {
    return findScriptedAgentBundle() ?? 'scripted-agent';
  },
  versionArgs: ['--version'],
  planTurn: '--permission-mode plan (its write, edit, append, delete and commit steps are refused)',
  prepareHome(input: LaunchInput): Promise<void> {
    mkdirSync(input.homeDir, { recursive: true });
    return Promise.resolve();
  },
  buildLaunch: buildScriptedLaunch,
  createParser: createClaudeParser,
  classifyExit: classifyScriptedExit,
  attachCommand(): string[] | undefined {
    // The scripted agent has no interactive mode: there is nothing to attach to (resuming would
    // replay the script and change the worktree).
    return undefined;
  },
};
