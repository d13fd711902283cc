// The merge queue's integration worktrees (grove's own scratch checkouts, with copies of ignored files
// such as node_modules) do not stay behind: they go when the queue stops (`grove run`, `grove
// integrate`), and `grove clean` removes any a crash left, unless a live queue is using them.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processStartTime } from '../../src/infra/process/liveness.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { project, writeScript } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

/** Bytes on disk under `dir` (0 when it is gone), as `du` counts them. */
function diskUse(dir: string): number {
  if (!existsSync(dir)) return 0;
  return Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
}

function integrationWorktrees(project: GroveProject): string[] {
  return project
    .git('worktree', 'list', '--porcelain')
    .split('\n')
    .filter((l) => l.startsWith('worktree ') && l.includes('/.git/grove/integration/'));
}

const CONFIG = [
  'default_agent: scripted',
  'copy: ["vendor/**"]',
  // The queue test runs in the integration worktree: it passes only where vendor/ was copied.
  'gates: { test: "test -f vendor/blob.bin" }',
  '',
].join('\n');

function withVendor(project: GroveProject): void {
  // An ignored folder the config copies into every worktree (the node_modules of a real project).
  writeFileSync(join(project.root, '.gitignore'), 'vendor/\n');
  project.git('add', '.gitignore');
  project.git('commit', '-q', '-m', 'ignore vendor');
  mkdirSync(join(project.root, 'vendor'));
  writeFileSync(join(project.root, 'vendor/blob.bin'), Buffer.alloc(4 << 20, 1));
}

describe('integration worktrees', () => {
  it('are gone after grove run, which used them', () => {
    p = project({ a: writeScript('a'), b: writeScript('b') }, CONFIG);
    withVendor(p);
    const run = p.grove('run', '--no-dashboard');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const merged = p.git('log', '--format=%s', 'main');
    expect(merged).toMatch(/\ba\b/);
    expect(merged).toMatch(/\bb\b/);
    // The queue did use an integration worktree (its round is journaled) …
    const db = new Database(join(p.root, '.git/grove/grove.db'), { readonly: true });
    try {
      const rounds = db.prepare('SELECT COUNT(*) AS n FROM queue_rounds').get() as { n: number };
      expect(rounds.n).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    // … and left nothing behind: no folder, no copied vendor/, no worktree metadata.
    expect(diskUse(join(p.root, '.git/grove/integration'))).toBe(0);
    expect(integrationWorktrees(p)).toEqual([]);
  });

  it('left by a crash are removed by grove clean, but not while a live queue holds them', () => {
    p = project({ a: writeScript('a') }, CONFIG);
    withVendor(p);
    // What a killed queue leaves: a detached checkout with a copy of vendor/.
    const left = join(p.root, '.git/grove/integration/1');
    mkdirSync(join(p.root, '.git/grove/integration'), { recursive: true });
    p.git('worktree', 'add', '-q', '--detach', left, 'main');
    mkdirSync(join(left, 'vendor'));
    writeFileSync(join(left, 'vendor/blob.bin'), Buffer.alloc(4 << 20, 1));
    expect(diskUse(left)).toBeGreaterThan(4 << 20);

    // A live process holds the queue lock: the worktree stays, and clean says why.
    expect(p.grove('status').code).toBe(0); // creates the state database
    const db = new Database(join(p.root, '.git/grove/grove.db'));
    try {
      db.prepare('INSERT INTO locks (name, pid, process_start, info, since) VALUES (?, ?, ?, ?, ?)').run(
        'merge-queue',
        process.pid,
        processStartTime(process.pid) ?? 'unknown',
        'merge queue',
        Date.now(),
      );
      const held = p.grove('clean', '--merged');
      expect(held.code).toBe(0);
      expect(held.stdout).toContain(
        `kept     the integration worktrees: the merge queue is running (pid ${process.pid})`,
      );
      expect(existsSync(join(left, 'vendor/blob.bin'))).toBe(true);
      db.prepare("DELETE FROM locks WHERE name = 'merge-queue'").run();
    } finally {
      db.close();
    }

    const cleaned = p.grove('clean', '--merged');
    expect(cleaned.stderr).toBe('');
    expect(cleaned.code).toBe(0);
    expect(cleaned.stdout).toContain(`removed  integration worktree ${left}`);
    expect(diskUse(join(p.root, '.git/grove/integration'))).toBe(0);
    expect(integrationWorktrees(p)).toEqual([]);
    expect(p.grove('clean', '--merged').stdout).toContain('nothing to clean');
  });
});
