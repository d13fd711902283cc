// Providing a 40,000-file node_modules to TARGETS worktrees: grove's copy (copy-on-write where allowed,
// in parallel) vs `cp -a` ×TARGETS one after another, rounds interleaved. Prints `RATIO copy
// <grove/baseline>` and the copy method. Env: BENCH_COPY_FILES, BENCH_COPY_TARGETS (default 2),
// BENCH_ROUNDS (default 2), BENCH_COPY_ENGINE (cp | node: force one of grove's two copies).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { copyPaths } from '../src/infra/fs/copy-tree.js';
import { run } from '../src/infra/process/run.js';
import { median, writeTree } from './synthetic-repo.js';

const FILES = Number(process.env.BENCH_COPY_FILES ?? 40_000);
const TARGETS = Number(process.env.BENCH_COPY_TARGETS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const ENGINE = process.env.BENCH_COPY_ENGINE as 'cp' | 'node' | undefined;

const root = mkdtempSync(join(tmpdir(), 'grove-bench-copy-'));
const src = join(root, 'src');
mkdirSync(src);
writeTree(src, 'node_modules', FILES, (i) => `module.exports = ${i};\n${'/* pad */\n'.repeat(i % 50)}`);

async function baseline(): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < TARGETS; i++) {
    const dst = join(root, `cp-${i}`);
    mkdirSync(dst);
    const r = await run('cp', ['-a', join(src, 'node_modules'), dst], { cwd: root });
    if (r.code !== 0) throw new Error(r.stderr);
  }
  return performance.now() - t0;
}

let method = '';
async function grove(): Promise<number> {
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: TARGETS }, async (_, i) => {
      const dst = join(root, `grove-${i}`);
      mkdirSync(dst);
      return copyPaths(src, dst, ['node_modules'], ENGINE ? { engine: ENGINE } : {});
    }),
  );
  const ms = performance.now() - t0;
  method = results[0]?.method ?? 'none';
  if (results.some((r) => r.files !== FILES)) throw new Error('copied the wrong number of files');
  return ms;
}

function reset(): void {
  for (let i = 0; i < TARGETS; i++) {
    rmSync(join(root, `cp-${i}`), { recursive: true, force: true });
    rmSync(join(root, `grove-${i}`), { recursive: true, force: true });
  }
}

const base: number[] = [];
const ours: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  base.push(await baseline());
  reset();
  ours.push(await grove());
  reset();
}
console.log(
  `copy: node_modules of ${FILES} files into ${TARGETS} worktrees, ${ROUNDS} rounds (engine ${ENGINE ?? 'default'})`,
);
console.log(
  `  cp -a ×${TARGETS}:  median ${median(base).toFixed(0)} ms  [${base.map((v) => v.toFixed(0)).join(', ')}]`,
);
console.log(
  `  grove copy:   median ${median(ours).toFixed(0)} ms  [${ours.map((v) => v.toFixed(0)).join(', ')}]`,
);
console.log(`  copy method this filesystem allowed: ${method}`);
console.log(`RATIO copy ${(median(ours) / median(base)).toFixed(3)} (method ${method})`);
rmSync(root, { recursive: true, force: true });
