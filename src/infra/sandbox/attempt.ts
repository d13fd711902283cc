import { homedir } from 'node:os';
import type { SandboxSettings } from '../../shared/config-sandbox.js';
import { GroveError } from '../../shared/errors.js';
import { gitDirsOf } from './git-dirs.js';
import { findSandboxLayer, programDirs } from './layer.js';
import type { SandboxPolicy } from './policy.js';
import { sandboxPolicy } from './policy.js';

export interface AttemptSandboxInput {
  settings: SandboxSettings;
  /** The executor's name: only `local` runs sandboxed for now. */
  executor: string;
  worktree: string;
  mainRoot: string;
  stateDir: string;
  agentHome: string;
  /** The agent's program and the environment it starts with (to find its install). */
  file: string;
  env: NodeJS.ProcessEnv;
}

/**
 * The sandbox of one attempt, checked before anything starts: the layer must be here, else a clear
 * error (the attempt is never run unsandboxed in its place).
 */
export function attemptSandbox(input: AttemptSandboxInput): SandboxPolicy {
  if (input.executor !== 'local') {
    throw new GroveError(
      'AGENT_NOT_FOUND',
      `sandbox: not available on ${input.executor} yet; the agent was not started`,
      {
        hint: 'run this task on this machine, or turn `sandbox` off for it',
      },
    );
  }
  const layer = findSandboxLayer(process.env);
  const { gitDir, commonDir } = gitDirsOf(input.worktree);
  return sandboxPolicy(
    {
      worktree: input.worktree,
      mainRoot: input.mainRoot,
      commonDir,
      gitDir,
      stateDir: input.stateDir,
      agentHome: input.agentHome,
      userHome: process.env.HOME || homedir(),
      programDirs: programDirs(input.file, input.env),
    },
    input.settings,
    layer,
  );
}
