// The conflict matrix over 60 active task branches (1,770 pairs plus each against the base) of a
// 2,000-file repository: grove's `predictConflicts` (one `git merge-tree --stdin` for every pair) vs
// the naive loop a person would script (one `git merge-tree --write-tree` per pair). Prints
// `RATIO conflicts <grove/baseline>` and grove's absolute time (issue 22's goal: < 300 ms).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openProject } from '../src/app/context.js';
import { predictConflicts } from '../src/app/conflicts/predict.js';
import { syncTasks } from '../src/app/sync-tasks.js';
import { loadTasks } from '../src/infra/spec/load.js';
import { run } from '../src/infra/process/run.js';
import { git, makeSyntheticRepo, median } from './synthetic-repo.js';

const BRANCHES = Number(process.env.BENCH_CONFLICT_BRANCHES ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

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

let mergeTreeMs = 0;
async function grove(): Promise<{ ms: number; conflicts: number }> {
  const t0 = performance.now();
  const report = await predictConflicts(ctx, { uncommitted: false });
  mergeTreeMs = report.mergeTreeMs;
  return { ms: performance.now() - t0, conflicts: report.pairs.filter((p) => p.files.length > 0).length };
}

const g: number[] = [];
const b: number[] = [];
let conflicts = 0;
for (let r = 0; r < ROUNDS; r++) {
  const x = await grove();
  g.push(x.ms);
  conflicts = x.conflicts;
  b.push(await baseline());
}
ctx.close();
const pairs = (BRANCHES * (BRANCHES - 1)) / 2;
console.log(
  `rounds ${g.map((x) => x.toFixed(0)).join(' ')} ms; conflicts: ${BRANCHES} branches, ${pairs} pairs + ${BRANCHES} against the base, ${conflicts} conflicting pairs; grove median ${median(g).toFixed(0)} ms, naive loop ${median(b).toFixed(0)} ms; of grove's, git merge-tree --stdin took ${mergeTreeMs.toFixed(0)} ms (last round)`,
);
console.log(
  `RATIO conflicts ${(median(g) / median(b)).toFixed(3)} (grove ${median(g).toFixed(0)} ms; goal < 300 ms)`,
);
