// startAttempt is where every resume passes: an unsafe session id given to it (whoever read it from
// where) is not resumed. The attempt starts a fresh session and its first event says why. A real
// process (a fixture script standing in for the claude CLI) and the launch spec its wrapper ran.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AttemptMonitor, attemptFiles } from '../../src/app/attempts/index.js';
import type { AgentProject } from '../fixtures/agents/project.js';
import { fixture, makeAgentProject } from '../fixtures/agents/project.js';

const BAD = '--dangerously-skip-permissions';

let project: AgentProject | undefined;
let monitor: AttemptMonitor | undefined;
afterEach(() => {
  monitor?.close();
  project?.cleanup();
  project = monitor = undefined;
});

describe('startAttempt and the session to resume', () => {
  it('refuses to resume `--dangerously-skip-permissions`: fresh session, no flag, an error event', async () => {
    project = await makeAgentProject({
      agents: { fake: { adapter: 'claude', bin: fixture('echo-input.sh') } },
    });
    monitor = new AttemptMonitor(project.deps, { pollMs: 200 });
    const row = await monitor.start({
      taskId: 't1',
      kind: 'fix',
      prompt: 'go',
      agentName: 'fake',
      resumeSessionId: BAD,
    });
    await monitor.idle();
    const spec = JSON.parse(readFileSync(attemptFiles(row.log_dir, row.n).launch, 'utf8')) as {
      args: string[];
    };
    expect(spec.args).not.toContain('--resume');
    expect(spec.args).not.toContain(BAD);
    expect(spec.args[spec.args.indexOf('--session-id') + 1]).toMatch(/^[0-9a-f-]{36}$/);
    // The script echoes its arguments: the agent itself never saw the id either.
    const printed = readFileSync(attemptFiles(row.log_dir, row.n).stdout, 'utf8').split('\n');
    expect(printed).toContain('arg: --session-id');
    expect(printed).not.toContain(`arg: ${BAD}`);
    expect(project.deps.attempts.require(row.id).session_id).toBeNull();
    expect(project.agentEvents(row.id)[0]).toMatchObject({
      kind: 'error',
      message: expect.stringContaining(`the stored session id "${BAD}" is not resumed`) as unknown,
    });
  });

  it('resumes a real id', async () => {
    project = await makeAgentProject({
      agents: { fake: { adapter: 'claude', bin: fixture('echo-input.sh') } },
    });
    monitor = new AttemptMonitor(project.deps, { pollMs: 200 });
    const id = '8f3c2a10-5b7e-4c1d-9a2b-0e6f4d3c2b1a';
    const row = await monitor.start({
      taskId: 't1',
      kind: 'fix',
      prompt: 'go',
      agentName: 'fake',
      resumeSessionId: id,
    });
    await monitor.idle();
    const spec = JSON.parse(readFileSync(attemptFiles(row.log_dir, row.n).launch, 'utf8')) as {
      args: string[];
    };
    expect(spec.args[spec.args.indexOf('--resume') + 1]).toBe(id);
    expect(project.deps.attempts.require(row.id).session_id).toBe(id);
  });
});
