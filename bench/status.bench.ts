// `grove status --json` over 20 dirty task worktrees of a 2,000-file repository (made by grove's own
// spawn, then edited, committed to and given new files the way an agent would), the real CLI process
// (bin/grove.js), vs a shell running the git calls that status needs one after another: `git worktree
// list`, then per worktree `git status --porcelain`, `git rev-list --left-right --count base...branch`
// and `git diff --stat base`. Interleaved rounds, medians. Prints `RATIO status <grove/shell>` (issue
// 22's goal: ≤ 1.0).
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openProject } from '../src/app/context.js';
import { spawnWorkspaces } from '../src/app/workspace/spawn.js';
import { BENCH_GIT_ENV, git, makeSyntheticRepo, median } from './synthetic-repo.js';

const FILES = Number(process.env.BENCH_FILES ?? 2000);
const TASKS = Number(process.env.BENCH_STATUS_TASKS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const REPO = resolve(import.meta.dirname, '..');
const BIN = join(REPO, 'bin/grove.js');

// The CLI runs from dist/: build it from these sources so the figure is for this code.
const build = spawnSync(process.execPath, [join(REPO, 'scripts/build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('node scripts/build.mjs failed');

const { parent, root } = makeSyntheticRepo(FILES);
mkdirSync(join(root, '.grove/tasks'), { recursive: true });
writeFileSync(join(root, '.grove/config.yaml'), 'worktree_path: ../wt/{id}\n');
const ids = Array.from({ length: TASKS }, (_, i) => `t${String(i).padStart(2, '0')}`);
ids.forEach((id, i) => {
  writeFileSync(
    join(root, `.grove/tasks/${id}.md`),
    `---\nid: ${id}\ntitle: Task ${id}\nowns: ["src/d${i % 20}/**"]\n---\nbench\n`,
  );
});
git(root, 'add', '-A');
git(root, 'commit', '-q', '-m', 'grove tasks');

const ctx = await openProject(root);
try {
  const outcomes = await spawnWorkspaces(ctx, ids, { hooks: false });
  const bad = outcomes.find((o) => o.kind !== 'created');
  if (bad) throw new Error(`spawn: ${JSON.stringify(bad)}`);
} finally {
  ctx.close();
}
const worktrees = ids.map((id) => join(parent, 'wt', id));
// What an agent leaves: a commit, then uncommitted edits (one staged) and a new file.
worktrees.forEach((wt, i) => {
  const d = `src/d${i % 20}`;
  const f = (n: number): string => join(wt, d, `f${(i % 20) * 100 + n}.js`);
  appendFileSync(f(0), `// committed by ${ids[i]}\n`);
  git(wt, 'commit', '-q', '-am', `work on ${ids[i]}`);
  appendFileSync(f(1), `// staged by ${ids[i]}\n`);
  git(wt, 'add', join(d, `f${(i % 20) * 100 + 1}.js`));
  appendFileSync(f(2), `// edited by ${ids[i]}\n`);
  writeFileSync(join(wt, d, `new-${ids[i]}.js`), `export const fresh = ${i};\n`);
});
// Someone else lands on main meanwhile: every branch is one behind.
appendFileSync(join(root, 'src/d0/f99.js'), '// main moved\n');
git(root, 'commit', '-q', '-am', 'main moves');

const script = [
  'set -e',
  'git worktree list --porcelain >/dev/null',
  ...ids.map((id, i) =>
    [
      `cd '${worktrees[i]}'`,
      'git status --porcelain >/dev/null',
      `git rev-list --left-right --count main...grove/${id} >/dev/null`,
      'git diff --stat main >/dev/null',
    ].join('\n'),
  ),
].join('\n');

function shell(): number {
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', script], { cwd: root, env: BENCH_GIT_ENV, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`the git script exited ${r.status}`);
  return performance.now() - t0;
}

function grove(): { ms: number; rows: Array<{ id: string; dirty: boolean; ahead: number | null }> } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'status', '--json'], {
    cwd: root,
    env: BENCH_GIT_ENV,
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`grove status --json exited ${r.status}: ${r.stderr}`);
  return { ms, rows: JSON.parse(r.stdout) as Array<{ id: string; dirty: boolean; ahead: number | null }> };
}

const first = grove();
const wrong = first.rows.filter((row) => !row.dirty || row.ahead !== 1);
if (first.rows.length !== TASKS || wrong.length > 0) {
  throw new Error(`grove status does not see the work: ${JSON.stringify(wrong[0] ?? first.rows.length)}`);
}
const g: number[] = [];
const s: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  s.push(shell());
  g.push(grove().ms);
}
const [gm, sm] = [median(g), median(s)];
console.log(
  `status: ${TASKS} dirty worktrees of a ${FILES}-file repo; first grove status ${first.ms.toFixed(0)} ms; rounds grove ${g.map((x) => x.toFixed(0)).join(' ')} ms, shell ${s.map((x) => x.toFixed(0)).join(' ')} ms; median grove ${gm.toFixed(0)} ms, shell ${sm.toFixed(0)} ms`,
);
console.log(
  `RATIO status ${(gm / sm).toFixed(2)}x (grove status --json vs the git calls one after another; goal <= 1.0x)`,
);
// BENCH_KEEP=1 keeps the repository for profiling (`node --cpu-prof bin/grove.js status --json` in it).
if (process.env.BENCH_KEEP === '1') console.log(`kept ${root}`);
else rmSync(parent, { recursive: true, force: true });
