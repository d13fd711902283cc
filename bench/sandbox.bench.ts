// Sandbox start-up cost per attempt: `/bin/true` started through sandbox-runtime (its proxy, then
// bubblewrap) as the attempt wrapper does, vs started directly. Goal: at most 200 ms extra.
// Each sandboxed run is a fresh process (a wrapper starts the layer once per attempt).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSandboxLayer } from '../src/infra/sandbox/layer.js';
import { sandboxPolicy } from '../src/infra/sandbox/policy.js';

const RUNS = 5;
const dir = mkdtempSync(join(tmpdir(), 'grove-bench-sandbox-'));
const policy = sandboxPolicy(
  {
    worktree: dir,
    mainRoot: join(dir, 'main'),
    commonDir: join(dir, 'main/.git'),
    gitDir: join(dir, 'main/.git'),
    stateDir: join(dir, 'main/.git/grove'),
    agentHome: join(dir, 'home'),
    userHome: process.env.HOME ?? '/root',
    programDirs: [],
  },
  { allow_hosts: ['127.0.0.1:9'], allow_read: [], allow_write: [] },
  findSandboxLayer(),
);
const script = join(dir, 'run.mjs');
writeFileSync(
  script,
  `import { spawnSync } from 'node:child_process';
const { sandboxedLaunch } = await import(${JSON.stringify(new URL('../src/infra/sandbox/run.ts', import.meta.url).href)});
const l = await sandboxedLaunch('/bin/true', [], ${JSON.stringify(policy)});
const r = spawnSync(l.file, l.args, { stdio: 'inherit' }); l.cleanup(); process.exit(r.status ?? 1);`,
);
const plainScript = join(dir, 'plain.mjs');
writeFileSync(
  plainScript,
  `import { spawnSync } from 'node:child_process'; process.exit(spawnSync('/bin/true').status ?? 1);`,
);
function time(file: string): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${file} exited ${r.status}`);
  return performance.now() - t;
}
const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const plain = median(Array.from({ length: RUNS }, () => time(plainScript)));
const boxed = median(Array.from({ length: RUNS }, () => time(script)));
rmSync(dir, { recursive: true, force: true });
console.log(
  `sandboxed start ${boxed.toFixed(0)} ms vs unsandboxed ${plain.toFixed(0)} ms: +${(boxed - plain).toFixed(0)} ms (goal <= 200 ms)`,
);
console.log(`RATIO sandbox-start ${(boxed / plain).toFixed(2)}`);
