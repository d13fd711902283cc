// How grove's commands grow with the number of tasks: for 10, 30 and 100 tasks (each its own worktree
// on a 2,000-file repository, each with one commit and one uncommitted change, every tenth also
// touching a shared file) it times the real CLI, as a person runs it: `grove plan`, `grove spawn`,
// `grove status --json`, `grove conflicts --json` and `grove report --json`. For each it prints the
// time per size and the growth from the smallest to the largest size against linear:
// `RATIO scale-<command> <t(100) / (10 × t(10))>` (1 = linear, below = better than linear, above = worse).
// Needs a built dist. Usage: node --import tsx bench/scale.bench.ts  (BENCH_SCALE=10,30,100)
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH_GIT_ENV, git, makeSyntheticRepo, median } from './synthetic-repo.js';

const SIZES = (process.env.BENCH_SCALE ?? '10,30,100').split(',').map(Number);
const FILES = Number(process.env.BENCH_FILES ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GROVE = resolve(import.meta.dirname, '..', 'bin', 'grove.js');
const COMMANDS = ['plan', 'spawn', 'status', 'conflicts', 'report'] as const;
type Command = (typeof COMMANDS)[number];

function grove(root: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [GROVE, ...args], {
    cwd: root,
    env: { ...BENCH_GIT_ENV, NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`grove ${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return ms;
}

/** A repository with `n` task files (task-i owns src/d<i>/**), committed. */
function project(n: number): { parent: string; root: string; ids: string[] } {
  const { parent, root } = makeSyntheticRepo(FILES);
  mkdirSync(join(root, '.grove/tasks'), { recursive: true });
  writeFileSync(join(root, '.grove/config.yaml'), 'worktree_path: ../wt/{id}\nrun_overlapping: true\n');
  const ids = Array.from({ length: n }, (_, i) => `task-${i}`);
  for (const [i, id] of ids.entries()) {
    writeFileSync(
      join(root, `.grove/tasks/${id}.md`),
      `---\nid: ${id}\ntitle: Task ${i}\nowns: ["src/d${i % 20}/t${i}/**"]\n---\nScale bench task ${i}.\n`,
    );
  }
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'grove tasks');
  return { parent, root, ids };
}

/** Each worktree: one commit on its own files (every tenth also edits a shared file), one dirty file. */
function work(parent: string, ids: readonly string[]): void {
  for (const [i, id] of ids.entries()) {
    const wt = join(parent, 'wt', id);
    mkdirSync(join(wt, `src/d${i % 20}/t${i}`), { recursive: true });
    writeFileSync(join(wt, `src/d${i % 20}/t${i}/a.js`), `export const a${i} = ${i};\n`);
    if (i % 10 === 0) writeFileSync(join(wt, 'src/d0/f0.js'), `export const v0 = ${i};\n`);
    git(wt, 'add', '-A');
    git(wt, 'commit', '-q', '-m', `${id}: work`);
    writeFileSync(join(wt, `src/d${i % 20}/t${i}/dirty.js`), 'wip\n');
  }
}

function measure(n: number): Record<Command, number> {
  const times: Record<Command, number[]> = { plan: [], spawn: [], status: [], conflicts: [], report: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const { parent, root, ids } = project(n);
    try {
      times.plan.push(grove(root, ['plan', '--json']));
      times.spawn.push(grove(root, ['spawn', '--no-hooks', '--json', ...ids]));
      work(parent, ids);
      grove(root, ['status', '--json']); // the first status fills its cache; the person's next one is timed
      times.status.push(grove(root, ['status', '--json']));
      times.conflicts.push(grove(root, ['conflicts', '--json']));
      times.report.push(grove(root, ['report', '--json']));
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }
  return Object.fromEntries(COMMANDS.map((c) => [c, median(times[c])])) as Record<Command, number>;
}

const results = SIZES.map((n) => ({ n, t: measure(n) }));
console.log(
  `scale: ${SIZES.join(' / ')} tasks and worktrees, ${FILES}-file repository, ${ROUNDS} rounds (median)`,
);
console.log(
  `  ${'command'.padEnd(10)}${SIZES.map((n) => `${n} tasks`.padStart(12)).join('')}   per task at ${SIZES.at(-1)}`,
);
for (const c of COMMANDS) {
  const row = results.map((r) => `${r.t[c].toFixed(0)} ms`.padStart(12)).join('');
  const last = results.at(-1)!;
  console.log(`  ${c.padEnd(10)}${row}   ${(last.t[c] / last.n).toFixed(1)} ms`);
}
const first = results[0]!;
const last = results.at(-1)!;
const scale = last.n / first.n;
for (const c of COMMANDS) {
  const growth = last.t[c] / (scale * first.t[c]);
  const shape = growth <= 1.1 ? 'linear or better' : 'worse than linear';
  console.log(
    `RATIO scale-${c} ${growth.toFixed(3)} (t(${last.n}) / (${scale} × t(${first.n})); ${shape}; target <= 1.0)`,
  );
}
