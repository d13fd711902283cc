// How fast the CLI answers: `grove --version` vs `node -e 0` (goal ≤ 1.5×: the entry loads no command),
// and `grove status --help` (loads one command's module) vs the same baseline. Interleaved rounds,
// medians. Prints `RATIO cli-version …` and `RATIO cli-one-command …`.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './synthetic-repo.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const BIN = resolve(import.meta.dirname, '../bin/grove.js');

function time(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
  return performance.now() - t0;
}

const node: number[] = [];
const version: number[] = [];
const status: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  node.push(time(['-e', '0']));
  version.push(time([BIN, '--version']));
  status.push(time([BIN, 'status', '--help']));
}
const [n, v, s] = [median(node), median(version), median(status)];
console.log(
  `node -e 0: ${n.toFixed(0)} ms; grove --version: ${v.toFixed(0)} ms; grove status --help: ${s.toFixed(0)} ms`,
);
console.log(`RATIO cli-version ${(v / n).toFixed(2)}x (grove --version vs node -e 0; goal <= 1.5x)`);
console.log(`RATIO cli-one-command ${(s / n).toFixed(2)}x (grove status --help vs node -e 0)`);
