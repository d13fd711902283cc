// Runs the real scripted agent (dist/scripted-agent.js) in a worktree and feeds its stream-json into
// the real stores line by line, as grove's supervisor does: parse with the Claude parser, then
// AttemptStore.ingest (events + offset in one transaction). Used by the dashboard browser test until
// `grove run` drives agents itself.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { createClaudeParser } from '../../src/infra/agents/claude/parse.js';
import { findScriptedAgentBundle } from '../../src/infra/agents/scripted/locate.js';
import type { Stores } from '../../src/infra/db/stores.js';
import type { RunResult } from '../../src/infra/process/run.js';
import { run } from '../../src/infra/process/run.js';
import type { AgentEvent } from '../../src/shared/agent-event.js';
import { GIT_TEST_ENV } from './git-repo.js';

export async function runScriptedAttempt(
  stores: Stores,
  o: { taskId: string; worktree: string; script: string; home: string; sessionId: string; logDir: string },
): Promise<{ code: number | null }> {
  const agent = findScriptedAgentBundle(resolve('src/infra/agents/scripted/main.ts'));
  if (!agent) throw new Error('dist/scripted-agent.js is missing: run npm run build');
  const attempt = stores.attempts.create({
    taskId: o.taskId,
    kind: 'initial',
    agent: 'scripted',
    adapter: 'scripted',
    logDir: o.logDir,
  });
  stores.attempts.setSession(attempt.id, o.sessionId);
  const args = ['-p', 'do the task', '--output-format', 'stream-json', '--verbose'];
  args.push('--session-id', o.sessionId, '--script', o.script, '--home', o.home, '--task', o.taskId);
  const child = spawn(process.execPath, [agent, ...args], {
    cwd: o.worktree,
    env: GIT_TEST_ENV,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const parse = createClaudeParser();
  let offset = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    offset += Buffer.byteLength(line) + 1;
    stores.attempts.ingest(attempt.id, 'stdout', offset, parse(line));
  }
  const code = child.exitCode ?? (await new Promise<number | null>((r) => child.once('exit', (c) => r(c))));
  stores.attempts.finish(attempt.id, {
    exitCode: code,
    signal: null,
    outcome: code === 0 ? 'completed' : 'failed',
  });
  return { code };
}

/**
 * The real scripted agent run once in `cwd` with `script` (YAML text) in a fresh temp home: its result
 * and its stdout parsed as grove parses Claude's stream-json. `cleanup` removes the home.
 */
export async function runScriptedOnce(
  cwd: string,
  script: string,
  extraArgs: readonly string[] = [],
): Promise<{ r: RunResult; events: AgentEvent[]; cleanup: () => void }> {
  const agent = findScriptedAgentBundle(resolve('src/infra/agents/scripted/main.ts'));
  if (!agent) throw new Error('dist/scripted-agent.js is missing: run npm run build');
  const home = mkdtempSync(join(tmpdir(), 'grove-scripted-once-'));
  const file = join(home, 'script.yaml');
  writeFileSync(file, script);
  const args = [
    '-p',
    'do it',
    '--output-format',
    'stream-json',
    '--script',
    file,
    '--home',
    home,
    ...extraArgs,
  ];
  const r = await run(process.execPath, [agent, ...args], { cwd, env: GIT_TEST_ENV });
  const parse = createClaudeParser();
  const events = r.stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .flatMap((l) => parse(l));
  return { r, events, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}
