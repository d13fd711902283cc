// The conflict matrix over 60 active task branches (1,770 pairs plus each against the base) of a
// 2,000-file repository. grove: the real `grove conflicts --json` process (bin/grove.js), cold (the
// merge cache <stateDir>/cache/merge-tree.json removed first: every merge runs) and warm (the cache of
// the previous check: the pairs are unchanged), plus `predictConflicts` in this process, cold and warm.
// Baseline: the naive loop a person would script (one `git merge-tree --write-tree` per pair).
// Interleaved rounds, medians. Prints `RATIO conflicts <grove warm CLI/baseline>` and every figure;
// issue 22's goal (< 300 ms) is for the warm `grove conflicts`, the check that runs again and again
// while the branches move one at a time; the cold figure is printed next to it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openProject } from '../src/app/context.js';
import { predictConflicts } from '../src/app/conflicts/predict.js';
import { syncTasks } from '../src/app/sync-tasks.js';
import { loadTasks } from '../src/infra/spec/load.js';
import { run } from '../src/infra/process/run.js';
import { BENCH_GIT_ENV, git, makeSyntheticRepo, median } from './synthetic-repo.js';

const BRANCHES = Number(process.env.BENCH_CONFLICT_BRANCHES ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REPO = resolve(import.meta.dirname, '..');
const BIN = join(REPO, 'bin/grove.js');

// The CLI runs from dist/: build it from these sources so the figure is for this code.
const build = spawnSync(process.execPath, [join(REPO, 'scripts/build.mjs'), '--no-web'], {
  stdio: 'inherit',
});
if (build.status !== 0) throw new Error('node scripts/build.mjs failed');

const { root } = makeSyntheticRepo(2000);
mkdirSync(join(root, '.grove', 'tasks'), { recursive: true });
writeFileSync(join(root, '.grove', 'config.yaml'), '{}\n');
for (let i = 0; i < BRANCHES; i++) {
  writeFileSync(
    join(root, '.grove', 'tasks', `t${i}.md`),
    `---\nid: t${i}\ntitle: Task ${i}\nowns: ["src/**"]\n---\nChange files.\n`,
  );
}
git(root, 'add', '-A');
git(root, 'commit', '-q', '-m', 'tasks');
// Each branch changes 3 files: its own two and one shared by its group of 10 (conflicts in each group).
for (let i = 0; i < BRANCHES; i++) {
  git(root, 'checkout', '-q', '-b', `grove/t${i}`, 'main');
  const files = [i * 30, i * 30 + 1, 1900 + Math.floor(i / 10)];
  for (const f of files) {
    writeFileSync(
      join(root, 'src', `d${Math.floor(f / 100)}`, `f${f}.js`),
      `export const v${f} = ${i}; // t${i}\n`,
    );
  }
  git(root, 'commit', '-q', '-am', `t${i}`);
}
git(root, 'checkout', '-q', 'main');

const ctx = await openProject(root);
syncTasks(ctx.store, await loadTasks(root), ctx.config);
for (let i = 0; i < BRANCHES; i++) ctx.store.patch(`t${i}`, { branch: `grove/t${i}` });

async function baseline(): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < BRANCHES; i++) {
    await run('git', ['merge-tree', '--write-tree', 'main', `grove/t${i}`], { cwd: root });
    for (let j = i + 1; j < BRANCHES; j++) {
      await run('git', ['merge-tree', '--write-tree', `grove/t${i}`, `grove/t${j}`], { cwd: root });
    }
  }
  return performance.now() - t0;
}

const cacheFile = join(ctx.paths.stateDir, 'cache', 'merge-tree.json');
const forget = (): void => rmSync(cacheFile, { force: true });

let mergeTreeMs = 0;
async function inProcess(cold: boolean): Promise<{ ms: number; conflicts: number; cached: number }> {
  if (cold) forget();
  const t0 = performance.now();
  const report = await predictConflicts(ctx, { uncommitted: false });
  if (cold) mergeTreeMs = report.mergeTreeMs;
  return {
    ms: performance.now() - t0,
    conflicts: report.pairs.filter((p) => p.files.length > 0).length,
    cached: report.cached,
  };
}

function cli(cold: boolean): { ms: number; conflicts: number; cached: number } {
  if (cold) forget();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'conflicts', '--json'], {
    cwd: root,
    env: BENCH_GIT_ENV,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`grove conflicts --json exited ${r.status}: ${r.stderr}`);
  const report = JSON.parse(r.stdout) as { pairs: unknown[]; cached: number };
  return { ms, conflicts: report.pairs.length, cached: report.cached };
}

const figures = {
  cliCold: [] as number[],
  cliWarm: [] as number[],
  inCold: [] as number[],
  inWarm: [] as number[],
};
const b: number[] = [];
const answers = new Set<number>();
const expectCached = (x: { cached: number }, cold: boolean, what: string): void => {
  // Honest figures: a cold run merged everything, a warm one merged nothing (the pairs did not move).
  if (cold ? x.cached !== 0 : x.cached === 0) throw new Error(`${what}: ${x.cached} merges from the cache`);
};
for (let r = 0; r < ROUNDS; r++) {
  for (const cold of [true, false]) {
    const x = await inProcess(cold);
    expectCached(x, cold, `in-process ${cold ? 'cold' : 'warm'}`);
    (cold ? figures.inCold : figures.inWarm).push(x.ms);
    answers.add(x.conflicts);
    const y = cli(cold);
    expectCached(y, cold, `CLI ${cold ? 'cold' : 'warm'}`);
    (cold ? figures.cliCold : figures.cliWarm).push(y.ms);
    answers.add(y.conflicts);
  }
  b.push(await baseline());
}
ctx.close();
if (answers.size !== 1) throw new Error(`the runs disagree on the conflicts: ${[...answers].join(', ')}`);
const [conflicts] = [...answers];
const pairs = (BRANCHES * (BRANCHES - 1)) / 2;
const fmt = (xs: number[]): string =>
  `${median(xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(' ')})`;
console.log(
  `conflicts: ${BRANCHES} branches, ${pairs} pairs + ${BRANCHES} against the base, ${conflicts} conflicting pairs; naive loop ${fmt(b)}`,
);
console.log(
  `grove conflicts --json (CLI process): cold ${fmt(figures.cliCold)}, warm ${fmt(figures.cliWarm)}; predictConflicts in-process: cold ${fmt(figures.inCold)} (git merge-tree ${mergeTreeMs.toFixed(0)} ms, last cold round), warm ${fmt(figures.inWarm)}`,
);
const goal = median(figures.cliWarm);
console.log(
  `RATIO conflicts ${(goal / median(b)).toFixed(3)} (grove conflicts warm ${goal.toFixed(0)} ms, cold ${median(figures.cliCold).toFixed(0)} ms; goal < 300 ms warm)`,
);
