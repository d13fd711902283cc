// verifyTask / grove verify / grove gates against real temp repos, real worktrees and real processes:
// configured gates and accept commands, output kept whole in a log file with a tail + fingerprint in
// SQLite, the first failure stops the rest, a hanging gate is killed with everything it started.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import type { VerifyOptions } from '../../src/app/verify/verify-task.js';
import { runGates } from '../../src/app/verify/verify-task.js';
import { GIT_TEST_ENV } from '../helpers/git-repo.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject, worktreeOf } from '../helpers/grove-project.js';
import { waitFor } from '../helpers/wait.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

function setup(gates: string, accept = '[]'): string {
  p = makeGroveProject({
    config: `gates:\n${gates}`,
    files: {
      '.grove/tasks/t.md': `---\nid: t\ntitle: Task t\nowns: ["src/t/**"]\naccept: ${accept}\n---\nDo t.\n`,
    },
  });
  expect(p.grove('spawn', 't').code).toBe(0);
  const wt = worktreeOf(p, 't');
  mkdirSync(join(wt, 'src/t'), { recursive: true });
  // The task's work: a branch with no change has nothing to land and fails the committed gate.
  commit(wt, 'src/t/work.txt', 'work\n');
  return wt;
}

function commit(wt: string, file: string, text: string): void {
  writeFileSync(join(wt, file), text);
  execFileSync('git', ['add', '-A'], { cwd: wt, env: GIT_TEST_ENV });
  execFileSync('git', ['commit', '-qm', `write ${file}`], { cwd: wt, env: GIT_TEST_ENV });
}

async function gatesOf(opts: VerifyOptions = {}): Promise<Awaited<ReturnType<typeof runGates>>> {
  const ctx = await openProject(p!.root);
  try {
    return await runGates(ctx, 't', opts);
  } finally {
    ctx.close();
  }
}

/** Alive and not a zombie (a killed orphan may wait a moment to be reaped). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('configured gates', () => {
  it('pass in order with the GROVE_* environment, each with its whole output in a log file', async () => {
    setup(
      `  build: "echo building $GROVE_TASK_ID on $GROVE_BRANCH; echo warn >&2; echo done"\n  test: [node, -e, "console.log('ok from', process.cwd())"]\n`,
      '["test -d src/t"]',
    );
    const r = await gatesOf({ attemptId: 7 });
    expect(r.outcome.kind).toBe('passed');
    expect(r.runs.map((g) => [g.gate, g.ok])).toEqual([
      ['committed', true],
      ['ownership', true],
      ['knowledge-file', true],
      ['build', true],
      ['test', true],
      ['accept-1', true],
    ]);
    const build = r.runs[3]!;
    expect(build.output_path).toMatch(/logs\/t\/gates\/7-build\.log$/);
    // stdout and stderr interleaved as written
    expect(readFileSync(build.output_path!, 'utf8')).toBe('building t on grove/t\nwarn\ndone\n');
    expect(build.output_tail).toBe('building t on grove/t\nwarn\ndone');
    expect(r.runs[4]!.output_tail).toContain(join('repo.grove', 't'));
  });

  it('a failing gate blocks with its tail and a stable fingerprint; later gates are skipped', async () => {
    const wt = setup(`  test: "cat src/t/out.txt; echo \\"took $$ ms\\"; exit 1"\n  lint: [node, -e, "0"]\n`);
    commit(wt, 'src/t/out.txt', 'AssertionError: price must be positive\n');
    const first = await gatesOf({ attemptId: 1 });
    if (first.outcome.kind !== 'failed') throw new Error('expected the test gate to fail');
    expect(first.outcome.gate).toBe('test');
    expect(first.outcome.command).toContain('cat src/t/out.txt');
    expect(first.outcome.outputTail).toMatch(/^AssertionError: price must be positive\ntook \d+ ms$/);
    expect(first.outcome.fingerprint).toMatch(/^test:[0-9a-f]{8}$/);
    expect(first.runs.at(-1)).toMatchObject({ gate: 'test', ok: false, exit_code: 1, timed_out: false });
    expect(first.skipped).toEqual([{ gate: 'lint', command: 'node -e 0' }]);

    // the same failure again (a different pid in "took N ms") → the same fingerprint
    const second = await gatesOf({ attemptId: 2 });
    expect(second.outcome.kind === 'failed' && second.outcome.fingerprint).toBe(first.outcome.fingerprint);
    // a different failure → a different fingerprint
    commit(wt, 'src/t/out.txt', 'TypeError: cannot read properties of undefined\n');
    const third = await gatesOf({ attemptId: 3 });
    expect(third.outcome.kind === 'failed' && third.outcome.fingerprint).not.toBe(first.outcome.fingerprint);

    // --all runs the rest anyway; the outcome still names the first failure
    const all = await gatesOf({ all: true });
    expect(all.outcome).toMatchObject({ kind: 'failed', gate: 'test' });
    expect(all.runs.map((g) => g.gate)).toContain('lint');
    expect(all.skipped).toEqual([]);
  });

  it('a hanging gate is killed at its timeout with every process it started', async () => {
    setup(
      `  slow:\n    run: "sleep 60 & echo $! > ../hang.pid; wait"\n    timeout: 1s\n  after: [node, -e, "0"]\n`,
    );
    const started = Date.now();
    const r = await gatesOf();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.outcome).toMatchObject({ kind: 'failed', gate: 'slow' });
    expect(r.runs.at(-1)).toMatchObject({ gate: 'slow', ok: false, timed_out: true });
    expect(r.runs.at(-1)!.output_tail).toContain('killed after 1 s');
    const pid = Number(readFileSync(join(p!.parent, 'repo.grove', 'hang.pid'), 'utf8'));
    expect(await waitFor(() => !running(pid), { timeoutMs: 5000, what: 'the hung gate to be killed' })).toBe(
      true,
    );
  });

  it('a gate that passes but leaves a process behind does not leave it running', async () => {
    setup(`  serve: "sleep 60 > /dev/null 2>&1 & echo $! > ../bg.pid"\n`);
    const r = await gatesOf();
    expect(r.outcome.kind).toBe('passed');
    const pid = Number(readFileSync(join(p!.parent, 'repo.grove', 'bg.pid'), 'utf8'));
    expect(
      await waitFor(() => !running(pid), { timeoutMs: 5000, what: 'the background process to be gone' }),
    ).toBe(true);
  });

  it('keeps all of a huge output in the file and a trimmed tail in SQLite; a missing program fails clearly', async () => {
    setup(
      `  noisy: [node, -e, "for (let i = 0; i < 5000; i++) console.log('line ' + i + ' ' + 'x'.repeat(40)); console.error('boom: the end'); process.exit(2)"]\n`,
    );
    const r = await gatesOf();
    const run = r.runs.at(-1)!;
    expect(run).toMatchObject({ gate: 'noisy', ok: false, exit_code: 2 });
    expect(statSync(run.output_path!).size).toBeGreaterThan(5000 * 45);
    expect(readFileSync(run.output_path!, 'utf8')).toMatch(/^line 0 x+\n/);
    expect(run.output_tail.length).toBeLessThan(4200);
    expect(run.output_tail).toMatch(/^\[… earlier output omitted …\]\n/);
    expect(run.output_tail.endsWith('line 4999 ' + 'x'.repeat(40) + '\nboom: the end')).toBe(true);

    p!.cleanup();
    setup(`  test: [no-such-program-grove, --run]\n`);
    const missing = await gatesOf();
    expect(missing.outcome).toMatchObject({ kind: 'failed', gate: 'test' });
    expect(missing.runs.at(-1)).toMatchObject({ exit_code: 127 });
    expect(missing.runs.at(-1)!.output_tail).toContain('no-such-program-grove: not found');
  });
});

describe('grove verify / grove gates', () => {
  it('print each gate, exit 1 on a failure, and show the stored results', () => {
    const wt = setup(`  test: "echo 'expected 2, got 3'; exit 1"\n  lint: [node, -e, "0"]\n`);
    commit(wt, 'src/t/a.js', 'export const a = 1;\n');
    const human = p!.grove('verify', 't');
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/✓ committed/);
    expect(human.stdout).toMatch(/✗ test .* exit 1/);
    expect(human.stdout).toContain('│ expected 2, got 3');
    expect(human.stdout).toMatch(/- lint\s+skipped/);
    expect(human.stdout).toContain('t: failed at test');

    const json = p!.grove('verify', 't', '--all', '--json');
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as {
      outcome: { kind: string; gate: string };
      runs: Array<{ gate: string; ok: boolean }>;
      skipped: unknown[];
    };
    expect(out.outcome).toMatchObject({ kind: 'failed', gate: 'test' });
    expect(out.runs.map((g) => [g.gate, g.ok])).toEqual([
      ['committed', true],
      ['ownership', true],
      ['knowledge-file', true],
      ['test', false],
      ['lint', true],
    ]);
    expect(out.skipped).toEqual([]);

    const stored = p!.grove('gates', 't', '--json');
    expect(stored.code).toBe(0);
    const latest = JSON.parse(stored.stdout) as Array<{ gate: string; ok: boolean }>;
    expect(latest.map((g) => g.gate).sort()).toEqual([
      'committed',
      'knowledge-file',
      'lint',
      'ownership',
      'test',
    ]);
    const history = JSON.parse(p!.grove('gates', 't', '--history', '--json').stdout) as unknown[];
    expect(history).toHaveLength(4 + 5);
    expect(p!.grove('gates', 't').stdout).toMatch(/✗ test/);

    // fixed → passes, exit 0
    writeFileSync(join(p!.root, '.grove/config.yaml'), 'gates:\n  test: [node, -e, "0"]\n');
    const ok = p!.grove('verify', 't');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('t: all 4 gates passed');
    expect(existsSync(join(wt, 'src/t/a.js'))).toBe(true);

    const none = p!.grove('verify', 'nope');
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('no task "nope"');
  });
});
