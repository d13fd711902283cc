// Sandbox start-up cost per attempt, as an attempt pays it: the real dist/attempt-wrapper.js (build it
// first: node scripts/build.mjs --no-web) started the way grove starts it, told "go", running `/bin/true`
// sandboxed (sandbox-runtime's proxy, then bubblewrap; the policy grove computes for a worktree) vs the
// same wrapper running `/bin/true` unsandboxed. Each run is a fresh wrapper process, timed from its spawn
// to its exit (after it wrote `exit.json`). Runs are interleaved; medians and p90s. Goal: the median
// extra ≤ 200 ms. Prints `RATIO sandbox-start <sandboxed/unsandboxed>`.
// BENCH_WRAPPER=<path> times another build of the wrapper (an older one, for a before/after).
// BENCH_ENGINE=podman times the podman engine (a container with the same policy) instead of sandbox-runtime.
// GROVE_SANDBOX_TRACE=1: each sandboxed wrapper reports its steps (src/infra/sandbox/trace.ts), and the
// median time of each is printed too.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { wrapperPath } from '../src/infra/process/supervisor.js';
import type { WrapperSpec } from '../src/infra/process/supervisor-spec.js';
import { GO_LINE } from '../src/infra/process/supervisor-spec.js';
import { attemptSandbox } from '../src/infra/sandbox/attempt.js';
import { findProgram } from '../src/infra/sandbox/layer.js';
import type { SandboxPolicy } from '../src/infra/sandbox/policy.js';
import { git, median } from './synthetic-repo.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 11);
// GNU time, when here, also gives the CPU time of each run (the wrapper and every process it waited for),
// which depends far less than the wall time on what else the machine is doing.
const TIME = findProgram('/usr/bin/time', []);
const WRAPPER = process.env.BENCH_WRAPPER ?? wrapperPath();
const ENGINE = process.env.BENCH_ENGINE === 'podman' ? 'podman' : 'runtime';

const dir = mkdtempSync(join(tmpdir(), 'grove-bench-sandbox-'));
const root = join(dir, 'repo');
mkdirSync(root);
git(root, 'init', '-q', '-b', 'main');
git(root, 'commit', '-q', '--allow-empty', '-m', 'base');
const worktree = join(dir, 'wt');
git(root, 'worktree', 'add', '-q', '-b', 'grove/t1', worktree);
const stateDir = join(root, '.git/grove');
const policy = attemptSandbox({
  settings: { allow_hosts: ['127.0.0.1:9'], allow_read: [], allow_write: [], engine: ENGINE },
  executor: 'local',
  worktree,
  mainRoot: root,
  stateDir,
  agentHome: join(stateDir, 'homes/t1'),
  file: '/bin/true',
  env: process.env,
});

let n = 0;
/** One wrapper from spawn to exit, "go" sent as soon as it runs (grove sends it once the pid is stored). */
async function timeWrapper(sandbox: SandboxPolicy | undefined): Promise<{ ms: number; cpu?: number }> {
  n += 1;
  const logs = join(stateDir, 'logs', String(n));
  mkdirSync(logs, { recursive: true });
  const spec: WrapperSpec = {
    file: '/bin/true',
    args: [],
    cwd: worktree,
    stdinText: null,
    stdoutPath: join(logs, 'stdout'),
    stderrPath: join(logs, 'stderr'),
    exitPath: join(logs, 'exit.json'),
    segmentBytes: 1 << 20,
    ...(sandbox ? { sandbox } : {}),
  };
  const specPath = join(logs, 'launch.json');
  writeFileSync(specPath, `${JSON.stringify(spec, null, 2)}\n`);
  const t0 = performance.now();
  const wrapper = [process.execPath, WRAPPER, specPath];
  const [file, ...args] = TIME ? [TIME, '-f', 'grove-bench-cpu %U %S', ...wrapper] : wrapper;
  const child = spawn(file!, args, {
    cwd: worktree,
    detached: true,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdin.end(GO_LINE);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  const ms = performance.now() - t0;
  const used = /^grove-bench-cpu ([\d.]+) ([\d.]+)$/m.exec(stderr);
  noteTrace(stderr.replace(/^grove-bench-cpu .*$/m, ''), sandbox ? boxedSteps : plainSteps);
  const exit = JSON.parse(readFileSync(spec.exitPath, 'utf8')) as { code: number | null; error?: string };
  if (code !== 0 || exit.code !== 0) {
    throw new Error(`wrapper exited ${code}, /bin/true ${exit.code}: ${exit.error ?? '(no error)'}`);
  }
  return used ? { ms, cpu: (Number(used[1]) + Number(used[2])) * 1000 } : { ms };
}

/** Per step of the sandbox's start (GROVE_SANDBOX_TRACE=1): the ms each took after the one before it. */
const boxedSteps = new Map<string, number[]>();
const plainSteps = new Map<string, number[]>();
function noteTrace(stderr: string, steps: Map<string, number[]>): void {
  let before = 0;
  for (const line of stderr.split('\n')) {
    const m = /^sandbox-trace (\S+) ([\d.]+)$/.exec(line);
    if (!m) {
      if (line) process.stderr.write(`${line}\n`);
      continue;
    }
    const at = Number(m[2]);
    steps.set(m[1]!, [...(steps.get(m[1]!) ?? []), at - before]);
    before = at;
  }
}

function p90(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.9) - 1)]!;
}

await timeWrapper(undefined); // warm the page cache for both
await timeWrapper(policy);
const plainRuns: Array<{ ms: number; cpu?: number }> = [];
const boxedRuns: Array<{ ms: number; cpu?: number }> = [];
for (let i = 0; i < RUNS; i++) {
  plainRuns.push(await timeWrapper(undefined));
  boxedRuns.push(await timeWrapper(policy));
}
const plain = plainRuns.map((r) => r.ms);
const boxed = boxedRuns.map((r) => r.ms);
const cpuOf = (runs: Array<{ cpu?: number }>): number[] =>
  runs.flatMap((r) => (r.cpu === undefined ? [] : [r.cpu]));
rmSync(dir, { recursive: true, force: true });

const f = (ms: number): string => ms.toFixed(0);
console.log(`${RUNS} runs each, wrapper spawn to exit (${WRAPPER}), engine ${ENGINE}`);
console.log(`  unsandboxed: median ${f(median(plain))} ms, p90 ${f(p90(plain))} ms`);
console.log(`  sandboxed:   median ${f(median(boxed))} ms, p90 ${f(p90(boxed))} ms`);
console.log(
  `  extra: median +${f(median(boxed) - median(plain))} ms, p90 +${f(p90(boxed) - p90(plain))} ms (goal: median <= 200 ms)`,
);
const [plainCpu, boxedCpu] = [cpuOf(plainRuns), cpuOf(boxedRuns)];
if (plainCpu.length > 0 && boxedCpu.length > 0) {
  console.log(
    `  cpu (user+sys): unsandboxed median ${f(median(plainCpu))} ms, sandboxed ${f(median(boxedCpu))} ms: +${f(median(boxedCpu) - median(plainCpu))} ms`,
  );
}
console.log(
  `  load average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
if (boxedSteps.size > 0) {
  console.log(
    '  median ms per step (after the step before; main: since node started), sandboxed | unsandboxed:',
  );
  for (const [step, ms] of boxedSteps) {
    const plain = plainSteps.get(step);
    console.log(`    ${step.padEnd(12)} ${f(median(ms)).padStart(5)} | ${plain ? f(median(plain)) : '-'}`);
  }
}
console.log(
  `RATIO sandbox-start${ENGINE === 'podman' ? '-podman' : ''} ${(median(boxed) / median(plain)).toFixed(2)}`,
);
