import { homedir } from 'node:os';
import type { SandboxSettings } from '../../shared/config-sandbox.js';
import { GroveError } from '../../shared/errors.js';
import { containerSpec } from './container.js';
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
  if (input.settings.engine === 'docker') {
    throw new GroveError(
      'AGENT_NOT_FOUND',
      'sandbox: `engine: docker` is not supported yet; the agent was not started',
      { hint: 'use `engine: podman` (the same containers, tested) or `engine: runtime`' },
    );
  }
  if (input.settings.image !== undefined && input.settings.engine !== 'podman') {
    throw new GroveError(
      'AGENT_NOT_FOUND',
      'sandbox: `image` needs `engine: podman`; the agent was not started',
      {
        hint: 'add `engine: podman` to this `sandbox`, or remove `image`',
      },
    );
  }
  // The podman engine reaches the network through sandbox-runtime's proxy too: the same layer first.
  const layer = findSandboxLayer(process.env);
  const container =
    input.settings.engine === 'podman'
      ? containerSpec(input.settings, input.worktree, process.env)
      : undefined;
  const { gitDir, commonDir } = gitDirsOf(input.worktree);
  const policy = sandboxPolicy(
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
  return container ? { ...policy, engine: 'podman', container } : policy;
}
