// Crash tooling for the integrity tests and bench/chaos.bench.ts: grove run in its own process group,
// killed (any signal, the whole group) by a `reference-transaction` hook the moment the base ref has
// moved, i.e. right between the merge queue's compare-and-swap and its recording the tasks merged; and
// the checks that count what a crash may have broken.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseTrailers } from '../../src/core/queue/trailer.js';
import type { TempRepo } from './git-repo.js';
import { GIT_TEST_ENV } from './git-repo.js';

const BIN = resolve(import.meta.dirname, '../../bin/grove.js');

export interface GroveRunProcess {
  child: ChildProcess;
  /** The process group (grove run is its leader). */
  pgid: number;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `grove run --no-dashboard` in `root`, leader of its own process group, output collected. */
export function startGroveRun(root: string, args: readonly string[] = []): GroveRunProcess {
  const child = spawn(process.execPath, [BIN, 'run', '--no-dashboard', ...args], {
    cwd: root,
    env: GIT_TEST_ENV,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on('close', (code, signal) => r({ code, signal })),
  );
  return { child, pgid: child.pid!, output: () => out, exited };
}

export interface BaseMoveKiller {
  /** The next move of the base kills process group `pgid` with `signal` (once). */
  arm(signal: 'SIGKILL' | 'SIGHUP', pgid: number): void;
  disarm(): void;
  /** True once an armed kill was sent. */
  fired(): boolean;
}

/** Installs the hook in `repo` (shared by its worktrees) for moves of `refs/heads/<base>`. */
export function killOnBaseMove(repo: TempRepo, base = 'main'): BaseMoveKiller {
  const gitDir = join(repo.root, '.git');
  const armed = join(gitDir, 'kill-on-base-move');
  const firedFile = join(gitDir, 'kill-on-base-move.fired');
  mkdirSync(join(gitDir, 'hooks'), { recursive: true });
  const hook = join(gitDir, 'hooks', 'reference-transaction');
  writeFileSync(
    hook,
    [
      '#!/bin/sh',
      '[ "$1" = committed ] || exit 0',
      `grep -q ' refs/heads/${base}$' || exit 0`,
      `f='${armed}'`,
      '[ -f "$f" ] || exit 0',
      'read sig pgid < "$f"',
      `mv "$f" '${firedFile}'`,
      'kill -s "$sig" -- "-$pgid"',
      'exit 0',
      '',
    ].join('\n'),
  );
  chmodSync(hook, 0o755);
  return {
    arm: (signal, pgid) => {
      rmSync(firedFile, { force: true });
      writeFileSync(armed, `${signal.replace(/^SIG/, '')} ${pgid}\n`);
    },
    disarm: () => rmSync(armed, { force: true }),
    fired: () => existsSync(firedFile),
  };
}

/**
 * How many times each task landed on the base since `from`: first-parent commits whose trailers name
 * it, a run of consecutive commits for one task counting once (`queue.method: rebase` writes one per
 * commit of the branch); and, for histories from before the trailers, squash subjects `<id>: <title>`.
 */
export function landings(repo: TempRepo, from: string, base = 'main'): Map<string, number> {
  const out = repo.git('log', '--first-parent', '--reverse', '-z', '--format=%s%n%B', `${from}..${base}`);
  const counts = new Map<string, number>();
  let previous: string | undefined;
  for (const record of out.split('\0')) {
    if (record.trim() === '') continue;
    const nl = record.indexOf('\n');
    const subject = record.slice(0, nl);
    const task = parseTrailers(record.slice(nl + 1))?.task ?? /^([a-z0-9-]+): /.exec(subject)?.[1];
    if (task !== undefined && task !== previous) counts.set(task, (counts.get(task) ?? 0) + 1);
    previous = task;
  }
  return counts;
}

/** What is wrong with the checkout of the base at `repo.root`, or undefined when it matches the branch. */
export function checkoutProblem(repo: TempRepo, base = 'main'): string | undefined {
  const head = repo.git('symbolic-ref', '-q', 'HEAD').trim();
  if (head !== `refs/heads/${base}`) return `HEAD is ${head || 'detached'}`;
  if (existsSync(join(repo.root, '.git', 'index.lock'))) return 'index.lock left behind';
  const status = repo.git('status', '--porcelain', '--untracked-files=no').trim();
  return status === '' ? undefined : `not at ${base}: ${status.split('\n').slice(0, 3).join('; ')}`;
}
