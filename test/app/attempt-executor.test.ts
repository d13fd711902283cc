// The attempts code reaches an attempt's process and output only through AttemptDeps.executor: with an
// executor that runs nothing on this machine (an in-memory "remote" one), an attempt still starts, its
// lines are stored once with byte offsets, a stop signals the executor's process group, and its exit
// is read from the executor — and no process or output file appears here.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttemptFinished } from '../../src/app/attempts/index.js';
import { AttemptMonitor, attemptFiles, stopAttempt } from '../../src/app/attempts/index.js';
import type { Executor, WrapperLaunch } from '../../src/app/executor/types.js';
import type { ReadResult } from '../../src/infra/process/output-reader.js';
import type { ExitRecord, WrapperSpec } from '../../src/infra/process/supervisor-spec.js';
import type { AgentProject } from '../fixtures/agents/project.js';
import { makeAgentProject } from '../fixtures/agents/project.js';
import { waitFor } from '../helpers/wait.js';

/** A pid no process here has (above the kernel's pid_max). */
const REMOTE_PID = 2 ** 22 + 17;

class InMemoryHost implements Executor {
  readonly name = 'test:memory';
  readonly calls: string[] = [];
  readonly signals: Array<[number, string]> = [];
  readonly output = new Map<string, string>();
  spec: WrapperSpec | undefined;
  exit: ExitRecord | undefined;
  goes = 0;
  private onChange: (() => void) | undefined;

  write(stream: 'stdout' | 'stderr', text: string): void {
    const path = stream === 'stdout' ? this.spec!.stdoutPath : this.spec!.stderrPath;
    this.output.set(path, (this.output.get(path) ?? '') + text);
    this.onChange?.();
  }
  end(exit: Partial<ExitRecord>): void {
    this.exit = { code: null, signal: null, endedAt: Date.now(), ...exit };
    this.onChange?.();
  }

  startWrapper(launch: WrapperLaunch) {
    this.calls.push('startWrapper');
    this.spec = launch.spec;
    return Promise.resolve({
      pid: REMOTE_PID,
      processStart: 'remote-start-1',
      go: () => void this.goes++,
      abort: () => undefined,
    });
  }
  readLines(stream: { path: string }, offset: number, options: { until?: number } = {}): ReadResult {
    this.calls.push('readLines');
    const all = Buffer.from(this.output.get(stream.path) ?? '');
    const slice = all.subarray(offset, Math.min(all.length, options.until ?? Infinity));
    const end = slice.lastIndexOf(0x0a) + 1;
    const lines =
      end === 0
        ? []
        : slice
            .subarray(0, end - 1)
            .toString()
            .split('\n');
    return { lines, offset: offset + end, skippedBytes: 0, truncatedLines: 0, more: false };
  }
  readExit(): ExitRecord | undefined {
    this.calls.push('readExit');
    return this.exit;
  }
  readSpec(): WrapperSpec | undefined {
    this.calls.push('readSpec');
    return this.spec;
  }
  isAlive(pid: number, start: string): boolean {
    this.calls.push('isAlive');
    return pid === REMOTE_PID && start === 'remote-start-1' && this.exit === undefined;
  }
  groupAlive(pgid: number): boolean {
    return pgid === REMOTE_PID && this.exit === undefined;
  }
  signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
    this.signals.push([pgid, signal]);
    if (pgid === REMOTE_PID && this.exit === undefined) this.end({ signal });
    return true;
  }
  watch(_dir: string, onChange: () => void) {
    this.calls.push('watch');
    this.onChange = onChange;
    return { close: () => (this.onChange = undefined) };
  }
  run(): never {
    throw new Error('not used');
  }
  readFile(): never {
    throw new Error('not used');
  }
}

let project: AgentProject | undefined;
let monitor: AttemptMonitor | undefined;
afterEach(() => {
  monitor?.close();
  project?.cleanup();
  project = monitor = undefined;
});

async function setup(): Promise<{ host: InMemoryHost; finished: AttemptFinished[] }> {
  // The agent's program does not exist here: only the executor "runs" it.
  project = await makeAgentProject({ agents: { far: { bin: '/nowhere/far-agent' } } });
  const host = new InMemoryHost();
  project.deps.executor = host;
  monitor = new AttemptMonitor(project.deps, { pollMs: 100 });
  const finished: AttemptFinished[] = [];
  monitor.onFinished((e) => finished.push(e));
  return { host, finished };
}

describe('attempts through the executor seam', () => {
  it('start, follow by offset and exit all come from the executor; nothing runs or is written here', async () => {
    const { host, finished } = await setup();
    const row = await monitor!.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'far' });
    expect(row).toMatchObject({ pid: REMOTE_PID, process_start: 'remote-start-1' });
    expect(host.goes).toBe(1);
    expect(host.spec).toMatchObject({ file: '/nowhere/far-agent' });
    host.write('stdout', 'line 1\nline 2\npart');
    await waitFor(() => project!.agentEvents(row.id).length === 2);
    expect(project!.deps.attempts.require(row.id).stdout_offset).toBe(14);
    host.write('stdout', 'ial 3\n');
    host.end({ code: 0 });
    await monitor!.idle();
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ outcome: 'completed' });
    expect(project!.agentEvents(row.id).map((e) => e.text)).toEqual(['line 1', 'line 2', 'partial 3']);
    expect(project!.deps.attempts.require(row.id).stdout_offset).toBe(24);
    for (const method of ['startWrapper', 'readSpec', 'watch', 'readLines', 'readExit', 'isAlive']) {
      expect(host.calls).toContain(method);
    }
    const files = attemptFiles(row.log_dir, row.n);
    expect([files.stdout, files.exit, files.launch].filter((f) => existsSync(f))).toEqual([]);
  });

  it('a stop signals the executor’s process group and the outcome is read from its exit', async () => {
    const { host } = await setup();
    const row = await monitor!.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'far' });
    monitor!.close();
    const done = await stopAttempt(project!.deps, row.id);
    expect(host.signals).toEqual([[REMOTE_PID, 'SIGTERM']]);
    expect(done.outcome).toBe('killed');
    expect(project!.deps.attempts.require(row.id)).toMatchObject({ outcome: 'killed', signal: 'SIGTERM' });
  });
});
