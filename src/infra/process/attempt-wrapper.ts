// The attempt wrapper: bundled to dist/attempt-wrapper.js and started by grove detached (leader of its
// own process group) as `node attempt-wrapper.js <attempt>.launch.json`. It waits for grove's "go"
// line on stdin (sent only after grove has stored its pid and start time), then runs the agent in its
// group, writes the agent's stdout/stderr into rotating segment files, and on the agent's exit writes
// `<attempt>.exit.json` atomically. It outlives grove: nothing it does depends on grove still running.
import { spawn } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import type { ExitRecord, WrapperSpec } from './supervisor-spec.js';
import { GO_LINE, WrapperSpecSchema } from './supervisor-spec.js';
import { SegmentWriter } from './supervisor-segments.js';
import type * as SandboxRun from '../sandbox/run.js';
import type { SandboxedLaunch } from '../sandbox/run.js';
import { traceStep } from '../sandbox/trace.js';

function main(): void {
  traceStep('main');
  const specPath = process.argv[2];
  if (!specPath) {
    process.stderr.write('usage: attempt-wrapper <launch.json>\n');
    process.exit(2);
  }
  const spec = WrapperSpecSchema.parse(JSON.parse(readFileSync(specPath, 'utf8')));
  // The sandbox's code loads while grove records us (loading starts nothing; a failure shows at go).
  const sandboxCode = spec.sandbox ? import('../sandbox/run.js') : undefined; // bundled: a chunk of its own
  sandboxCode?.catch(() => undefined);
  // Until "go" arrives nothing may start; a signal now just ends the wrapper.
  process.on('SIGTERM', () => process.exit(143));
  waitForGo((go) => {
    if (!go) process.exit(3); // grove never confirmed: it did not record us, so we must not run.
    traceStep('go');
    process.removeAllListeners('SIGTERM');
    void startAgent(spec, sandboxCode);
  });
}

function waitForGo(done: (go: boolean) => void): void {
  let seen = '';
  let decided = false;
  const decide = (go: boolean): void => {
    if (decided) return;
    decided = true;
    process.stdin.removeAllListeners('data');
    process.stdin.on('data', () => undefined); // keep draining; grove may close the pipe later
    process.stdin.on('error', () => undefined);
    done(go);
  };
  process.stdin.on('data', (chunk: Buffer) => {
    seen += chunk.toString('utf8');
    if (seen.includes('\n')) decide(seen.startsWith(GO_LINE));
  });
  process.stdin.on('end', () => decide(false));
  process.stdin.on('error', () => decide(false));
}

/**
 * Lowers this session (the wrapper and the agent it starts) by `nice` below grove: the process's own
 * priority, and on Linux its autogroup's (the wrapper leads its own session, and with autogroups the
 * scheduler shares the cores between sessions first, so only the group's nice counts against grove).
 * Raising priority needs privileges; lowering never does. Best effort: a system without it runs as is.
 */
function lowerPriority(nice: number | undefined): void {
  if (!nice) return;
  try {
    setPriority(Math.min(19, getPriority() + nice));
  } catch {
    // not allowed here: run at the priority we have
  }
  setAutogroupNice(nice, 20);
}

/** Unprivileged changes are rate-limited machine-wide (EAGAIN): retry a while, in the background. */
function setAutogroupNice(nice: number, triesLeft: number): void {
  try {
    writeFileSync('/proc/self/autogroup', String(nice));
  } catch (e) {
    // ENOENT and the like: no autogroups (not Linux, or the kernel has them off)
    if ((e as NodeJS.ErrnoException).code === 'EAGAIN' && triesLeft > 1)
      setTimeout(() => setAutogroupNice(nice, triesLeft - 1), 50 + Math.random() * 100).unref();
  }
}

function writeExit(spec: WrapperSpec, r: Omit<ExitRecord, 'endedAt'>): never {
  traceStep('exited');
  const exit: ExitRecord = { ...r, endedAt: Date.now() };
  const tmp = `${spec.exitPath}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(exit)}\n`);
  renameSync(tmp, spec.exitPath);
  process.exit(0);
}

/** Unsandboxed: the agent itself. Sandboxed: the layer first; if it cannot start, neither does the agent. */
async function startAgent(
  spec: WrapperSpec,
  sandboxCode: Promise<typeof SandboxRun> | undefined,
): Promise<void> {
  if (!spec.sandbox || !sandboxCode) return runAgent(spec, undefined);
  let sandboxed: SandboxedLaunch;
  try {
    const { sandboxedLaunch } = await sandboxCode;
    traceStep('imported');
    sandboxed = await sandboxedLaunch(spec.file, spec.args, spec.sandbox, spec.cwd);
  } catch (e) {
    writeExit(spec, {
      code: null,
      signal: null,
      error: `the sandbox could not start: ${(e as Error).message}`,
    });
  }
  runAgent(spec, sandboxed);
}

function runAgent(spec: WrapperSpec, sandboxed: SandboxedLaunch | undefined): void {
  lowerPriority(spec.nice);
  const out = new SegmentWriter(spec.stdoutPath, spec.segmentBytes);
  const err = new SegmentWriter(spec.stderrPath, spec.segmentBytes);
  let recorded = false;
  let stderrTail = ''; // the layer's own words when it fails to start the agent
  const record = (r: Omit<ExitRecord, 'endedAt'>): void => {
    if (recorded) return;
    recorded = true;
    out.close();
    err.close();
    if (sandboxed) {
      sandboxed.cleanup();
      const failed = sandboxed.startFailure?.(r.code, stderrTail);
      writeExit(spec, { ...r, ...(failed ? { error: failed } : {}), denied: sandboxed.denials.list() });
    }
    writeExit(spec, r);
  };

  const child = spawn(sandboxed?.file ?? spec.file, sandboxed?.args ?? spec.args, {
    cwd: spec.cwd,
    env: process.env,
    stdio: [spec.stdinText === null ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  traceStep('spawned');
  child.on('error', (e) => record({ code: null, signal: null, error: e.message }));
  if (child.stdin && spec.stdinText !== null) {
    child.stdin.on('error', () => undefined); // the agent may exit without reading its stdin
    child.stdin.end(spec.stdinText);
  }
  child.stdout?.on('data', (b: Buffer) => out.write(b));
  child.stderr?.on('data', (b: Buffer) => {
    err.write(b);
    if (sandboxed) {
      sandboxed.denials.noteStderr(b);
      stderrTail = (stderrTail + b.toString('utf8')).slice(-4096);
    }
  });
  // 'close' fires after the agent exited AND both pipes are drained: every byte is on disk by then.
  child.on('close', (code, signal) => record({ code, signal }));

  // A container is not in this process group (podman hands it to conmon): it is removed on a signal,
  // and its `podman run` then exits, which records the exit as for any agent.
  let stopping = false;
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(sig, () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const stop = sandboxed?.stopCommand;
      if (!stop) return void child.kill(sig);
      if (stopping) return;
      stopping = true;
      const rm = spawn(stop.file, stop.args, { stdio: 'ignore' });
      rm.on('error', () => child.kill('SIGKILL'));
      rm.on('close', () => child.kill(sig));
    });
  }
}

main();
