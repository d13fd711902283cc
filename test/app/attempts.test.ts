import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttemptFinished } from '../../src/app/attempts/index.js';
import type { AttemptRow } from '../../src/infra/db/attempt-store.js';
import { AttemptMonitor, attemptFiles, reconcile, stopAttempt } from '../../src/app/attempts/index.js';
import { pumpStream, trackAttempt } from '../../src/app/attempts/tracked.js';
import { groupAlive } from '../../src/infra/process/supervisor-group.js';
import type { AgentProject } from '../fixtures/agents/project.js';
import { fixture, makeAgentProject } from '../fixtures/agents/project.js';
import { waitFor } from '../helpers/wait.js';

let project: AgentProject | undefined;
let monitor: AttemptMonitor | undefined;
afterEach(() => {
  monitor?.close();
  project?.cleanup();
  project = monitor = undefined;
});

async function setup(
  agents: Parameters<typeof makeAgentProject>[0]['agents'],
  attempts?: Record<string, unknown>,
): Promise<{ p: AgentProject; m: AttemptMonitor; finished: AttemptFinished[] }> {
  project = await makeAgentProject({ agents, ...(attempts ? { attempts } : {}) });
  monitor = new AttemptMonitor(project.deps, { pollMs: 200 });
  const finished: AttemptFinished[] = [];
  monitor.onFinished((e) => finished.push(e));
  return { p: project, m: monitor, finished };
}

describe('attempts', () => {
  it('runs an agent to completion and stores each stdout line once, as a message', async () => {
    const { p, m, finished } = await setup({ printer: { bin: fixture('printer.sh'), args: ['5'] } });
    const row = await m.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'printer' });
    expect(row.pid).toBeGreaterThan(0);
    expect(row.process_start).not.toBeNull();
    await m.idle();
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ outcome: 'completed', exit: { kind: 'completed' } });
    expect(p.agentEvents(row.id).map((e) => e.text)).toEqual([
      'line 1',
      'line 2',
      'line 3',
      'line 4',
      'line 5',
    ]);
    const done = p.deps.attempts.require(row.id);
    expect(done).toMatchObject({ outcome: 'completed', exit_code: 0 });
    expect(done.stdout_offset).toBe(35);
  });

  it('classifies a non-zero exit as failed, with the last stderr line as the reason', async () => {
    const { m, finished } = await setup({ bad: { bin: fixture('exit-n.sh'), args: ['3'] } });
    await m.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'bad' });
    await m.idle();
    expect(finished[0]).toMatchObject({
      outcome: 'failed',
      reason: 'exited with code 3: boom: exiting with 3',
    });
  });

  it('fails clearly when the agent binary does not exist', async () => {
    const { m, finished } = await setup({ ghost: { bin: '/nonexistent/agent' } });
    await m.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'ghost' });
    await m.idle();
    expect(finished[0]?.outcome).toBe('failed');
    expect(finished[0]?.reason).toMatch(/could not start.*ENOENT/);
  });

  it('stops an agent that ignores SIGTERM with SIGKILL after the grace, leaving no process behind', async () => {
    const { p, m, finished } = await setup(
      { stubborn: { bin: fixture('ignore-term.sh') } },
      { kill_grace: '300ms' },
    );
    const row = await m.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'stubborn' });
    await waitFor(() => p.agentEvents(row.id).some((e) => e.text?.startsWith('ready')), { what: 'ready' });
    const t0 = Date.now();
    m.stop(row.id);
    await m.idle();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(finished[0]).toMatchObject({ outcome: 'killed' });
    await waitFor(() => !groupAlive(row.pid!), { what: 'the killed group to be gone' }); // SIGKILL is delivered asynchronously
  });

  it('stops an attempt from another monitor (grove attempt stop) and records it once', async () => {
    const { p, m } = await setup({ hang: { bin: fixture('hang.sh') } }, { kill_grace: '5s' });
    const row = await m.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'hang' });
    const result = await stopAttempt(p.deps, row.id);
    expect(result.outcome).toBe('killed');
    await waitFor(() => !groupAlive(row.pid!), { what: 'the killed group to be gone' }); // SIGKILL is delivered asynchronously
    await m.idle(); // the first monitor notices too, but the end is recorded once
    const ends = p.ctx.db
      .prepare(
        "SELECT COUNT(*) AS n FROM events WHERE type = 'attempt' AND attempt_id = ? AND data LIKE '%ended%'",
      )
      .get(row.id) as { n: number };
    expect(ends.n).toBe(1);
  });

  it('ends an attempt that runs past attempts.timeout with outcome timeout', async () => {
    const { m, finished } = await setup({ hang: { bin: fixture('hang.sh') } }, { timeout: '400ms' });
    await m.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'hang' });
    await m.idle();
    expect(finished[0]).toMatchObject({ outcome: 'timeout' });
    expect(finished[0]?.reason).toMatch(/attempts.timeout/);
  });

  it('passes the prompt on stdin to a prompt_via: stdin agent, never through a shell', async () => {
    const { p, m } = await setup({ echo: { bin: fixture('echo-input.sh'), prompt_via: 'stdin' } });
    const row = await m.start({
      taskId: 't1',
      kind: 'initial',
      prompt: 'hi $(rm -rf /)\nbye',
      agentName: 'echo',
    });
    await m.idle();
    expect(p.agentEvents(row.id).map((e) => e.text)).toEqual(['stdin: hi $(rm -rf /)', 'stdin: bye']);
  });

  it('an attempt seen before its process is stored (mid-start) is followed to its real end, not marked lost', async () => {
    const { p, m, finished } = await setup({ printer: { bin: fixture('printer.sh'), args: ['2'] } });
    let seenMidStart = 0;
    let looking = true;
    // What the run loop does on every pass: adopt each unfinished attempt. Look between every turn of
    // the event loop while the start runs, so the pass lands inside the start's await.
    const look = (): void => {
      for (const row of p.deps.attempts.listUnfinished()) {
        if (row.pid === null) seenMidStart += 1;
        m.adopt(row);
      }
      if (looking) setImmediate(look);
    };
    look();
    const row = await m.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'printer' });
    looking = false;
    expect(seenMidStart).toBeGreaterThan(0);
    await m.idle();
    expect(finished.map((f) => [f.attempt.id, f.outcome])).toEqual([[row.id, 'completed']]);
    expect(p.agentEvents(row.id).map((e) => e.text)).toEqual(['line 1', 'line 2']);
  });

  it('grove attempt stop on an attempt mid-start waits for its process, then stops it', async () => {
    const { p, m } = await setup({ hang: { bin: fixture('hang.sh') } }, { kill_grace: '2s' });
    const midStart = new Promise<AttemptRow>((resolve) => {
      const look = (): void => {
        const row = p.deps.attempts.listUnfinished()[0];
        if (row) resolve(row);
        else setImmediate(look);
      };
      look();
    });
    const starting = m.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'hang' });
    const row = await midStart;
    expect(row.pid).toBeNull();
    const result = await stopAttempt(p.deps, row.id);
    expect(result.outcome).toBe('killed');
    expect((await starting).pid).toBeGreaterThan(0);
    await waitFor(() => !groupAlive(p.deps.attempts.require(row.id).pid!), { what: 'the group to be gone' });
  });

  it('reconcile: an attempt whose agent ended while grove was away has its output read and exit recorded', async () => {
    const { p, m, finished } = await setup({ printer: { bin: fixture('printer.sh'), args: ['3'] } });
    const starter = new AttemptMonitor(p.deps);
    const row = await starter.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'printer' });
    starter.close(); // "grove went away" before reading anything
    const files = attemptFiles(row.log_dir, row.n);
    await waitFor(() => existsSync(files.exit), { what: 'the agent to end' });
    expect(p.deps.attempts.require(row.id).ended_at).toBeNull();
    const report = reconcile(p.deps, m);
    expect(report.adopted).toEqual([row.id]);
    await m.idle();
    expect(finished[0]?.outcome).toBe('completed');
    expect(p.agentEvents(row.id)).toHaveLength(3);
  });

  it('reconcile: output read before a crash still counts when the exit is classified (scripted agent)', async () => {
    project = await makeAgentProject({ agents: {} });
    const p = project;
    monitor = new AttemptMonitor(p.deps);
    const finished: AttemptFinished[] = [];
    monitor.onFinished((e) => finished.push(e));
    const starter = new AttemptMonitor(p.deps);
    const row = await starter.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'scripted' });
    starter.close();
    await waitFor(() => existsSync(attemptFiles(row.log_dir, row.n).exit), { what: 'the agent to end' });
    // A grove that read everything (the `finished` event included) and died before recording the end:
    const early = trackAttempt(p.deps, p.deps.attempts.require(row.id));
    while (pumpStream(p.deps, early, 'stdout', { final: true }).more);
    expect(early.sawFinished).toBe(true);
    reconcile(p.deps, monitor);
    await monitor.idle();
    expect(finished[0]).toMatchObject({ outcome: 'completed', exit: { kind: 'completed' } });
  });

  it('reconcile: a vanished attempt without an exit record is lost; one never started is lost at once', async () => {
    const { p, m, finished } = await setup({ printer: { bin: fixture('printer.sh'), args: ['1'] } });
    const logDir = p.ctx.paths.stateDir;
    const never = p.deps.attempts.create({
      taskId: 't1',
      kind: 'initial',
      agent: 'printer',
      adapter: 'command',
      logDir,
    });
    const vanished = p.deps.attempts.create({
      taskId: 't1',
      kind: 'retry',
      agent: 'printer',
      adapter: 'command',
      logDir,
    });
    p.deps.attempts.setProcess(vanished.id, 999_999_999, '12345'); // no such process
    const report = reconcile(p.deps, m);
    expect(report.neverStarted).toEqual([never.id]);
    await m.idle();
    expect(finished.map((f) => [f.attempt.id, f.outcome])).toEqual([[vanished.id, 'lost']]);
    expect(p.deps.attempts.require(never.id).outcome).toBe('lost');
  });
});
