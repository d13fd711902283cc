// Spawning 5 tasks on a 20,000-file repo with grove vs the plain loop of `git worktree add -b` ×5, in
// the same process. Prints `RATIO spawn <grove/baseline>`; the target is ≤ 1.15.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openProject } from '../src/app/context.js';
import { spawnWorkspaces } from '../src/app/workspace/spawn.js';
import { run } from '../src/infra/process/run.js';
import { BENCH_GIT_ENV, git, makeSyntheticRepo, median } from './synthetic-repo.js';

const FILES = Number(process.env.BENCH_FILES ?? 20_000);
const TASKS = 5;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const { parent, root } = makeSyntheticRepo(FILES);
mkdirSync(join(root, '.grove/tasks'), { recursive: true });
writeFileSync(join(root, '.grove/config.yaml'), 'worktree_path: ../grove-wt/{id}\n');
const ids = Array.from({ length: TASKS }, (_, i) => `task-${i}`);
for (const id of ids) {
  writeFileSync(
    join(root, `.grove/tasks/${id}.md`),
    `---\nid: ${id}\ntitle: ${id}\nowns: ["src/d${id.slice(5)}/**"]\n---\nbench\n`,
  );
}
git(root, 'add', '-A');
git(root, 'commit', '-q', '-m', 'grove tasks');

async function baseline(round: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < TASKS; i++) {
    const r = await run(
      'git',
      [
        'worktree',
        'add',
        '--quiet',
        '-b',
        `base-${round}-${i}`,
        join(parent, `base-wt/${round}-${i}`),
        'main',
      ],
      {
        cwd: root,
        env: BENCH_GIT_ENV,
      },
    );
    if (r.code !== 0) throw new Error(r.stderr);
  }
  return performance.now() - t0;
}

async function grove(): Promise<number> {
  const ctx = await openProject(root);
  try {
    const t0 = performance.now();
    const outcomes = await spawnWorkspaces(ctx, ids, { hooks: false });
    const ms = performance.now() - t0;
    const bad = outcomes.find((o) => o.kind !== 'created');
    if (bad) throw new Error(`spawn: ${JSON.stringify(bad)}`);
    return ms;
  } finally {
    ctx.close();
  }
}

function reset(): void {
  rmSync(join(parent, 'base-wt'), { recursive: true, force: true });
  rmSync(join(parent, 'grove-wt'), { recursive: true, force: true });
  git(root, 'worktree', 'prune');
  for (const b of git(
    root,
    'for-each-ref',
    '--format=%(refname:short)',
    'refs/heads/base-*',
    'refs/heads/grove/',
  ).split('\n')) {
    if (b) git(root, 'branch', '-q', '-D', b);
  }
  // Forget the rows so the next round creates from scratch.
  rmSync(join(root, '.git/grove'), { recursive: true, force: true });
}

await baseline(-1); // warm the page cache and git's object store
reset();
const base: number[] = [];
const ours: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  base.push(await baseline(round));
  reset();
  ours.push(await grove());
  reset();
}
const ratio = median(ours) / median(base);
console.log(`spawn: ${TASKS} tasks, ${FILES} files, ${ROUNDS} rounds`);
console.log(
  `  git worktree add -b ×${TASKS} (sequential): median ${median(base).toFixed(0)} ms  [${base.map((v) => v.toFixed(0)).join(', ')}]`,
);
console.log(
  `  grove spawnWorkspaces:                median ${median(ours).toFixed(0)} ms  [${ours.map((v) => v.toFixed(0)).join(', ')}]`,
);
console.log(`RATIO spawn ${ratio.toFixed(3)} (target <= 1.15)`);
rmSync(parent, { recursive: true, force: true });
