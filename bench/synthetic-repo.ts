// Builders for benchmark inputs: a git repo with many files, a node_modules-like tree.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BENCH_GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@grove.invalid',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@grove.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: BENCH_GIT_ENV,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** Writes `count` small files spread over folders of 100 under `root/prefix`. */
export function writeTree(root: string, prefix: string, count: number, content: (i: number) => string): void {
  for (let i = 0; i < count; i++) {
    const dir = join(root, prefix, `d${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `f${i}.js`), content(i));
  }
}

/** A repo on `main` with `files` committed files, in a fresh temp folder (returned: parent and root). */
export function makeSyntheticRepo(files: number, name = 'repo'): { parent: string; root: string } {
  const parent = mkdtempSync(join(tmpdir(), 'grove-bench-'));
  const root = join(parent, name);
  mkdirSync(root);
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'commit.gpgsign', 'false');
  git(root, 'config', 'gc.auto', '0');
  writeTree(root, 'src', files, (i) => `export const v${i} = ${i};\n// ${'x'.repeat(i % 200)}\n`);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'synthetic');
  return { parent, root };
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
