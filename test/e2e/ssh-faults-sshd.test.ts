// Faults of an attempt on an SSH host, against real sshd in a network namespace (whose mount namespace
// hides this machine's repository and keeps the host's root on its own tmpfs), with a real `grove run`:
// the connection drops mid-run (sshd's sessions killed, then the link down for a while), grove itself is
// SIGKILLed mid-run and started again, and the host disappears altogether. In each case every line the
// agent printed is stored exactly once and the task ends where it should.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { openProject } from '../../src/app/context.js';
import { openStores } from '../../src/infra/db/stores.js';
import { GIT_TEST_ENV } from '../helpers/git-repo.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';
import type { SshHost } from '../helpers/ssh-host.js';
import { sshHostMissing, startSshHost, hostConfig } from '../helpers/ssh-host.js';
import { waitFor } from '../helpers/wait.js';

const missing = sshHostMissing();
const BIN = resolve(import.meta.dirname, '../../bin/grove.js');
const LINES = 40;

if (missing !== undefined && process.env['GROVE_TEST_REQUIRE_ALL'] === '1') {
  it('runs the SSH fault tests (GROVE_TEST_REQUIRE_ALL=1)', () => {
    throw new Error(`GROVE_TEST_REQUIRE_ALL=1 but the SSH fault tests cannot run: ${missing}`);
  });
}

/** Prints `line 1` .. `line 40` 150 ms apart (6 s), commits a file of its task, and says so. */
const AGENT = [
  `i=1; while [ $i -le ${LINES} ]; do echo "line $i"; i=$((i+1)); sleep 0.15; done`,
  'mkdir -p "src/$GROVE_TASK_ID" && echo "made on the host" > "src/$GROVE_TASK_ID/a.txt"',
  'git add src && git commit -qm "$GROVE_TASK_ID from the host"',
  'echo finished',
].join('\n');

function task(id: string, host: string): string {
  return `---\nid: ${id}\ntitle: Task ${id}\nowns: ["src/${id}/**"]\nagent: shell\nhost: ${host}\n---\nDo ${id}.\n`;
}

interface GroveRun {
  output: () => string;
  kill: (signal: NodeJS.Signals) => void;
  exited: Promise<number | null>;
}

function startGrove(cwd: string, ...args: string[]): GroveRun {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: GIT_TEST_ENV, stdio: 'pipe' });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  return {
    output: () => out,
    kill: (signal) => child.kill(signal),
    exited: new Promise((done) => child.on('close', (code) => done(code))),
  };
}

describe.skipIf(missing !== undefined)(`faults on an SSH host${missing ? ` (SKIP: ${missing})` : ''}`, () => {
  let host: SshHost;
  let box2: SshHost;
  let box3: SshHost;
  let hostRoot: string;
  let project: GroveProject;

  beforeAll(async () => {
    hostRoot = mkdtempSync(join(tmpdir(), 'grove-host-root-'));
    project = makeGroveProject({ config: '{}\n', files: { 'README.md': 'hello\n' } });
    host = await startSshHost({ privateMounts: [project.parent, hostRoot] });
    box2 = await startSshHost({ privateMounts: [project.parent, hostRoot] });
    box3 = await startSshHost({ privateMounts: [project.parent, hostRoot] });
    const config = {
      default_agent: 'shell',
      agents: { shell: { adapter: 'command', bin: 'sh', args: ['-c', AGENT, 'sh'] } },
      hosts: {
        box1: hostConfig(host, hostRoot),
        box2: hostConfig(box2, hostRoot, { lost_after: 3, fallback: 'box3' }),
        box3: hostConfig(box3, hostRoot, { lost_after: 3 }),
      },
    };
    project.write({ '.grove/config.yaml': stringify(config) });
    project.git('add', '-A');
    project.git('commit', '-qm', 'grove config');
  }, 60_000);

  afterAll(async () => {
    await host?.close();
    await box2?.close();
    await box3?.close();
    project?.cleanup();
    if (hostRoot) rmSync(hostRoot, { recursive: true, force: true });
  });

  function addTask(id: string, on: string): void {
    project.write({ [`.grove/tasks/${id}.md`]: task(id, on) });
    project.git('add', '-A');
    project.git('commit', '-qm', `task ${id}`);
  }

  /** The local mirror of the task's attempt `n`'s stdout (what has come back so far). */
  function mirrored(id: string, n = 1): string {
    const path = join(project.root, '.git', 'grove', 'logs', id, `${n}.stdout`);
    return existsSync(path) ? readFileSync(path, 'utf8') : '';
  }

  /** The task's attempts and the text of every message stored for each. */
  async function stored(
    id: string,
  ): Promise<Array<{ outcome: string | null; host: string | null; messages: string[] }>> {
    const ctx = await openProject(project.root);
    try {
      const stores = openStores(ctx.db);
      return stores.attempts.listForTask(id).map((a) => ({
        outcome: a.outcome,
        host: a.host,
        messages: stores.agentEvents
          .list(id, { attemptId: a.id })
          .flatMap((e) => (e.event.kind === 'message' ? [e.event.text] : [])),
      }));
    } finally {
      ctx.close();
    }
  }

  const expected = [...Array.from({ length: LINES }, (_, i) => `line ${i + 1}`), 'finished'];

  it('the connection drops twice mid-run: grove reconnects, stores every line once, and the work comes back', async () => {
    addTask('t1', 'box1');
    const run = startGrove(project.root, 'run', '--no-dashboard', 't1');
    await waitFor(() => mirrored('t1').includes('line 5\n'), { what: 'the first lines', timeoutMs: 60_000 });
    // sshd's end of every connection dies: the shared connection is gone, the agent (detached) is not.
    expect(host.killSessions()).toBeGreaterThan(0);
    await waitFor(() => mirrored('t1').includes('line 15\n'), {
      what: 'lines after a reconnect',
      timeoutMs: 30_000,
    });
    // Then the link is down for 2 s: packets are dropped, commands in flight wait.
    await host.dropLink(2000);
    expect(await run.exited, run.output()).toBe(0);
    const attempts = await stored('t1');
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.outcome).toBe('completed');
    expect(attempts[0]!.messages).toEqual(expected);
    expect(project.git('show', 'main:src/t1/a.txt')).toBe('made on the host\n');
  }, 180_000);

  it('grove is SIGKILLed mid-run: the next run re-adopts the attempt on the host and finishes the task', async () => {
    addTask('t2', 'box1');
    const first = startGrove(project.root, 'run', '--no-dashboard', 't2');
    await waitFor(() => mirrored('t2').includes('line 5\n'), { what: 'the first lines', timeoutMs: 60_000 });
    first.kill('SIGKILL');
    await first.exited;
    // The agent runs on on the host meanwhile (its wrapper is there, detached from any connection).
    const lines = mirrored('t2').split('\n').length;
    expect(host.processes().some((p) => p.includes('attempt-wrapper'))).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    const second = startGrove(project.root, 'run', '--no-dashboard', 't2');
    expect(await second.exited, second.output()).toBe(0);
    expect(mirrored('t2').split('\n').length).toBeGreaterThan(lines);
    const attempts = await stored('t2');
    expect(attempts).toHaveLength(1); // re-adopted, never started twice
    expect(attempts[0]!.outcome).toBe('completed');
    expect(attempts[0]!.messages).toEqual(expected);
    expect(project.git('show', 'main:src/t2/a.txt')).toBe('made on the host\n');
  }, 180_000);

  function agentGateTails(id: string): string[] {
    const db = new Database(join(project.root, '.git', 'grove', 'grove.db'), { readonly: true });
    try {
      return (
        db
          .prepare(`SELECT output_tail FROM gate_runs WHERE task_id = ? AND gate = 'agent' ORDER BY id`)
          .all(id) as Array<{
          output_tail: string;
        }>
      ).map((r) => r.output_tail);
    } finally {
      db.close();
    }
  }

  it('the host disappears: the attempt is lost with a reason naming it, and the retry runs on its fallback, across a restart', async () => {
    addTask('t3', 'box2');
    const run = startGrove(project.root, 'run', '--no-dashboard', 't3');
    await waitFor(() => mirrored('t3').includes('line 5\n'), { what: 'the first lines', timeoutMs: 60_000 });
    expect(box2.killAll()).toBeGreaterThan(0); // sshd and the agent: the machine is gone
    // The retry runs on box3; grove dies meanwhile. The next run reads the task file again (which
    // names box2) and must still follow the attempt where it runs: on box3.
    await waitFor(() => mirrored('t3', 2).includes('line 5\n'), { what: 'the retry', timeoutMs: 60_000 });
    run.kill('SIGKILL');
    await run.exited;
    const again = startGrove(project.root, 'run', '--no-dashboard', 't3');
    expect(await again.exited, `${run.output()}\n---\n${again.output()}`).toBe(0);
    const attempts = await stored('t3');
    expect(attempts.map((a) => a.outcome)).toEqual(['lost', 'completed']);
    expect(attempts.map((a) => a.host)).toEqual(['box2', 'box3']);
    expect(attempts[1]!.messages).toEqual(expected);
    const [reason] = agentGateTails('t3');
    expect(reason).toMatch(/host box2 has not answered for \d+ s/);
    expect(project.git('show', 'main:src/t3/a.txt')).toBe('made on the host\n');
    const status = project.grove('status');
    expect(status.stdout).toMatch(/t3\s+merged\s+box3/);
  }, 180_000);

  it('the host disappears and none is left: the task fails with the reason naming the host', async () => {
    addTask('t4', 'box3');
    const run = startGrove(project.root, 'run', '--no-dashboard', 't4');
    await waitFor(() => mirrored('t4').includes('line 5\n'), { what: 'the first lines', timeoutMs: 60_000 });
    expect(box3.killAll()).toBeGreaterThan(0);
    await run.exited;
    const attempts = await stored('t4');
    expect(attempts[0]!.outcome).toBe('lost');
    expect(agentGateTails('t4')[0]).toMatch(/host box3 has not answered/);
    const t4 = (
      JSON.parse(project.grove('status', '--json').stdout) as Array<{
        id: string;
        state: string;
        reason: string | null;
      }>
    ).find((t) => t.id === 't4');
    expect(t4?.state, run.output()).toBe('failed');
    expect(t4?.reason).toMatch(/box3/);
  }, 180_000);
});
