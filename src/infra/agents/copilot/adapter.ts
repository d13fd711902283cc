// Adapter `copilot`: GitHub's Copilot coding agent, a cloud agent (the method's Tier 3, async
// delegation). The process grove supervises is its own runner (dist/copilot-runner.js), which hands the
// task to the service through `gh agent-task`, polls it and fetches the pull request back into the
// task's worktree; from there the attempt is like any other (gates → review → queue).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentDefinition } from '../../../shared/config.js';
import { GroveError } from '../../../shared/errors.js';
import { findPackageRoot } from '../../fs/package-root.js';
import type { AgentAdapter, Launch, LaunchInput } from '../adapter.js';
import { createClaudeParser } from '../claude/parse.js';
import { classifyScriptedExit } from '../scripted/adapter.js';
import { safeSessionId } from '../session-id.js';

const RUNNER = 'copilot-runner.js';

function runnerBundle(): string {
  const root = findPackageRoot(fileURLToPath(import.meta.url));
  const file = root ? join(root, 'dist', RUNNER) : undefined;
  if (file && existsSync(file)) return file;
  throw new GroveError(
    'AGENT_NOT_FOUND',
    `the Copilot runner (dist/${RUNNER}) is missing from the grove package`,
    {
      hint: 'run `npm run build` in the grove package',
    },
  );
}

function runnerArgs(agent: AgentDefinition): string[] {
  return [
    '--gh',
    agent.bin ?? 'gh',
    ...(agent.repo !== undefined ? ['--repo', agent.repo] : []),
    ...(agent.remote !== undefined ? ['--remote', agent.remote] : []),
    ...(agent.base !== undefined ? ['--base', agent.base] : []),
    ...(agent.poll_seconds !== undefined ? ['--poll-ms', String(Math.round(agent.poll_seconds * 1000))] : []),
  ];
}

export function buildCopilotLaunch(input: LaunchInput): Launch {
  const resume = safeSessionId(input.resumeSessionId);
  return {
    file: process.execPath,
    args: [
      runnerBundle(),
      ...runnerArgs(input.agent),
      ...(resume !== undefined ? ['--resume', resume] : ['--session-id', input.newSessionId]),
      ...input.agent.args,
    ],
    env: { ...input.groveEnv, ...input.agent.env },
    // The prompt can be long: gh reads it from stdin (`-F -`).
    stdin: { text: input.prompt },
  };
}

export const copilotAdapter: AgentAdapter = {
  kind: 'copilot',
  defaultBin: 'gh',
  versionArgs: ['--version'],
  prepareHome(input: LaunchInput): Promise<void> {
    mkdirSync(input.homeDir, { recursive: true });
    return Promise.resolve();
  },
  buildLaunch: buildCopilotLaunch,
  createParser: createClaudeParser,
  classifyExit: classifyScriptedExit,
  attachCommand(sessionId: string | undefined, agent: AgentDefinition): string[] | undefined {
    if (sessionId === undefined) return undefined;
    return [
      agent.bin ?? 'gh',
      'agent-task',
      'view',
      sessionId,
      '--log',
      ...(agent.repo ? ['-R', agent.repo] : []),
    ];
  },
};
