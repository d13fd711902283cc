// Integration worktrees (<stateDir>/integration/<n>, detached, reused between rounds) and the queue test.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command, Config } from '../../shared/config.js';
import { formatCommand, trimOutputTail } from '../../core/prompt.js';
import { failureFingerprint } from '../../core/stuck.js';
import { git } from '../../infra/git/exec.js';
import { addWorktree, pruneWorktrees } from '../../infra/git/worktree.js';
import { copyPaths } from '../../infra/fs/copy-tree.js';
import { selectCopyPaths } from '../../infra/fs/select-copy.js';
import { run } from '../../infra/process/run.js';
import type { ProjectContext } from '../context.js';

export type QueueTest =
  { kind: 'none'; reason: string } | { kind: 'command'; name: string; command: Command; timeoutMs: number };

/** `queue.test`: a gate name or a command; default the `test` gate; none configured: nothing to run. */
export function resolveQueueTest(config: Config): QueueTest {
  const fromGate = (name: string): QueueTest | undefined => {
    const g = config.gates[name];
    if (g === undefined) return undefined;
    if (typeof g === 'string' || Array.isArray(g))
      return { kind: 'command', name, command: g, timeoutMs: 600_000 };
    return { kind: 'command', name, command: g.run, timeoutMs: g.timeout };
  };
  const t = config.queue.test;
  if (t === undefined)
    return (
      fromGate('test') ?? {
        kind: 'none',
        reason: 'no queue test configured (set `queue.test` or a `test` gate): candidates are not tested',
      }
    );
  if (typeof t === 'string')
    return fromGate(t) ?? { kind: 'command', name: 'queue', command: t, timeoutMs: 600_000 };
  return { kind: 'command', name: 'queue', command: t, timeoutMs: 600_000 };
}

/** Where the integration worktrees live: `<stateDir>/integration/<slot>`. */
export function integrationDir(ctx: Pick<ProjectContext, 'paths'>): string {
  return join(ctx.paths.stateDir, 'integration');
}

/** Checks `commit` out (detached) in integration worktree `slot`, creating it the first time. */
export async function prepareIntegrationWorktree(
  ctx: ProjectContext,
  slot: number,
  commit: string,
): Promise<string> {
  const path = join(integrationDir(ctx), String(slot));
  if (existsSync(join(path, '.git'))) {
    await git(path, ['checkout', '-q', '--detach', '--force', commit]);
    await git(path, ['clean', '-fdq']);
    return path;
  }
  // The git layer runs worktree commands one at a time per repository (git 2.39 races otherwise).
  mkdirSync(integrationDir(ctx), { recursive: true });
  await pruneWorktrees(ctx.paths.mainRoot);
  await addWorktree(ctx.paths.mainRoot, path, { startPoint: commit });
  const copy = await selectCopyPaths(ctx.paths.mainRoot, ctx.config.copy);
  if (copy.length > 0) await copyPaths(ctx.paths.mainRoot, path, copy);
  return path;
}

export interface TestRun {
  ok: boolean;
  command: string;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  outputTail: string;
  fingerprint: string | null;
}

/** Runs the queue test in `dir` (a string command through `sh -c`, an array directly). */
export async function runQueueTest(
  dir: string,
  test: Extract<QueueTest, { kind: 'command' }>,
): Promise<TestRun> {
  const started = Date.now();
  const [file, ...args] = typeof test.command === 'string' ? ['sh', '-c', test.command] : [...test.command];
  let r: Awaited<ReturnType<typeof run>>;
  try {
    r = await run(file!, args, { cwd: dir, timeoutMs: test.timeoutMs, maxBuffer: 1 << 20 });
  } catch (error) {
    const output = `cannot start ${file}: ${(error as Error).message}`;
    return {
      ok: false,
      command: formatCommand(test.command),
      exitCode: null,
      timedOut: false,
      durationMs: Date.now() - started,
      outputTail: output,
      fingerprint: failureFingerprint(output, 'queue'),
    };
  }
  const output = `${r.stdout}${r.stderr}${r.timedOut ? `\n(timed out after ${test.timeoutMs} ms)` : ''}`;
  const ok = r.code === 0 && !r.timedOut;
  return {
    ok,
    command: formatCommand(test.command),
    exitCode: r.code,
    timedOut: r.timedOut,
    durationMs: Date.now() - started,
    outputTail: trimOutputTail(output),
    fingerprint: ok ? null : failureFingerprint(output, 'queue'),
  };
}
