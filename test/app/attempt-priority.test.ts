import { existsSync } from 'node:fs';
import { getPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { AttemptMonitor } from '../../src/app/attempts/index.js';
import type { AgentProject } from '../fixtures/agents/project.js';
import { makeAgentProject } from '../fixtures/agents/project.js';

let project: AgentProject | undefined;
let monitor: AttemptMonitor | undefined;
afterEach(() => {
  monitor?.close();
  project?.cleanup();
  project = monitor = undefined;
});

// The agent prints its own nice value (field 19 of /proc/self/stat) and its session's autogroup.
const report = 'echo "nice $(cut -d" " -f19 /proc/self/stat)"; cat /proc/self/autogroup 2>/dev/null || true';

async function agentSees(attempts: Record<string, unknown>): Promise<string[]> {
  project = await makeAgentProject({ agents: { prio: { bin: '/bin/sh', args: ['-c', report] } }, attempts });
  monitor = new AttemptMonitor(project.deps, { pollMs: 200 });
  const row = await monitor.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'prio' });
  await monitor.idle();
  return project.agentEvents(row.id).map((e) => e.text ?? '');
}

describe.runIf(existsSync('/proc/self/stat'))('attempt priority', () => {
  it('runs the agent attempts.nice below grove, its session’s autogroup too', async () => {
    const lines = await agentSees({ nice: 7 });
    expect(lines[0]).toBe(`nice ${Math.min(19, getPriority() + 7)}`);
    // Unprivileged autogroup changes are rate-limited machine-wide (the wrapper retries in the
    // background), so the synchronous first write is only certain for root.
    if (lines[1] !== undefined && process.getuid?.() === 0) expect(lines[1]).toMatch(/ nice 7$/);
  });

  it('leaves the agent at grove’s priority with attempts.nice 0', async () => {
    const lines = await agentSees({ nice: 0 });
    expect(lines[0]).toBe(`nice ${getPriority()}`);
    if (lines[1] !== undefined) expect(lines[1]).toMatch(/ nice 0$/);
  });
});
