// Merge-queue simulation: serial integration (the baseline, window 1) against speculative windows, with
// the real planner (src/core/queue). Prints wall time in units of T, test runs, and the ratio to serial.
// Run: node --import tsx bench/queue-sim.bench.ts [n=20] [p=0.2] [trials=20000]
import { meanSimulation } from '../src/core/queue/simulate.js';

const [n = 20, p = 0.2, trials = 20_000] = process.argv.slice(2).map(Number);

const serial = meanSimulation({ n, p, testTime: 1, window: 1 }, trials);
const rows: Array<[string, ReturnType<typeof meanSimulation>]> = [['serial (window 1)', serial]];
for (const window of [2, 4, 8])
  rows.push([`window ${window}`, meanSimulation({ n, p, testTime: 1, window }, trials)]);
rows.push(['unbounded window', meanSimulation({ n, p, testTime: 1, window: Infinity }, trials)]);
rows.push([
  'adaptive 2→4 (the old default)',
  meanSimulation({ n, p, testTime: 1, window: 2, parallel: 4, adaptive: true }, trials),
]);

for (const parallel of [2, 4, 8, 16])
  rows.push([
    `auto, ${parallel} at once`,
    meanSimulation({ n, p, testTime: 1, window: 1, auto: { parallel } }, trials),
  ]);

console.log(`merge queue, N=${n}, p=${p}, ${trials} seeded trials each`);
console.log('strategy                        time/T  ratio  test runs  merged  rejected  base green');
for (const [name, r] of rows) {
  console.log(
    `${name.padEnd(31)} ${r.time.toFixed(2).padStart(6)} ${(r.time / serial.time).toFixed(2).padStart(6)}` +
      ` ${r.testRuns.toFixed(1).padStart(10)} ${r.merged.toFixed(2).padStart(7)} ${r.rejected.toFixed(2).padStart(9)}` +
      `  ${String(r.baseAlwaysGreen).padStart(10)}`,
  );
}
