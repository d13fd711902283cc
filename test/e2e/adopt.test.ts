// Issue 21, adopt: work made outside grove — a branch, another tool's worktree, a pull request (a local
// bare remote with refs/pull/<n>/head stands in for the service) — becomes a task at the verify stage
// and lands through the same gates and queue. The source is never touched; bad input writes nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function makeProject(): GroveProject {
  const p = makeGroveProject({ config: 'gates:\n  test: [node, -e, "0"]\n' });
  cleanups.push(() => p.cleanup());
  return p;
}

/** A branch off main with one commit, made the way a person or another tool would. */
function outsideBranch(p: GroveProject, branch: string, file: string, text: string): string {
  p.git('checkout', '-q', '-b', branch);
  p.write({ [file]: text });
  p.git('add', '-A');
  p.git('commit', '-q', '-m', `Add ${file}`);
  p.git('checkout', '-q', 'main');
  return p.git('rev-parse', branch).trim();
}

async function stateOf(root: string, id: string): Promise<string | undefined> {
  const ctx = await openProject(root);
  try {
    return ctx.store.get(id)?.state;
  } finally {
    ctx.close();
  }
}

describe('grove adopt', () => {
  it('adopts a branch: its own branch and worktree, a spec with inferred owns, then gates and the queue land it', async () => {
    const p = makeProject();
    p.git('checkout', '-q', '-b', 'feature/login');
    p.write({ 'src/login/form.js': 'export const form = 1;\n', 'test/login/form.test.js': '// t\n' });
    p.git('add', '-A');
    p.git('commit', '-q', '-m', 'Login form');
    p.git('checkout', '-q', 'main');
    const tip = p.git('rev-parse', 'feature/login').trim();

    const adopted = p.grove('adopt', 'feature/login', '--json');
    expect(adopted.stderr).toBe('');
    expect(adopted.code).toBe(0);
    const r = JSON.parse(adopted.stdout) as {
      taskId: string;
      branch: string;
      owns: string[];
      specFile: string;
    };
    expect(r).toMatchObject({ taskId: 'feature-login', branch: 'grove/feature-login' });
    expect(r.owns).toEqual(['src/login/**', 'test/login/**']);
    const spec = readFileSync(join(p.root, r.specFile), 'utf8');
    expect(spec).toContain('title: Login form');
    expect(spec).toContain('Adopted from feature/login at');
    expect(p.git('rev-parse', 'grove/feature-login').trim()).toBe(tip);
    expect(await stateOf(p.root, 'feature-login')).toBe('verifying');

    const run = p.grove('run', '--no-dashboard');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await stateOf(p.root, 'feature-login')).toBe('merged');
    expect(p.git('show', 'main:src/login/form.js')).toBe('export const form = 1;\n');
    expect(p.git('rev-parse', 'feature/login').trim()).toBe(tip); // the source branch is untouched
  }, 120_000);

  it("adopts another tool's worktree, which stays where it is; one with uncommitted work is refused", async () => {
    const p = makeProject();
    const other = mkdtempSync(join(tmpdir(), 'grove-adopt-wt-'));
    rmSync(other, { recursive: true });
    cleanups.push(() => rmSync(other, { recursive: true, force: true }));
    p.git('worktree', 'add', '-q', '-b', 'codex-task', other);
    writeFileSync(join(other, 'notes.md'), '# notes\n');
    const dirty = p.grove('adopt', other);
    expect(dirty.code).toBe(2);
    expect(dirty.stderr).toContain('has uncommitted work (notes.md); nothing was adopted');
    expect(p.git('branch', '--list', 'grove/*')).toBe('');

    p.git('-C', other, 'add', '-A');
    p.git('-C', other, 'commit', '-q', '-m', 'Notes');
    const adopted = p.grove('adopt', other, '--task', 'notes');
    expect(adopted.stderr).toBe('');
    expect(adopted.code).toBe(0);
    expect(adopted.stdout).toContain('adopted codex-task as task notes');
    expect(adopted.stdout).toContain('stays where it is');
    expect(p.grove('run', '--no-dashboard').code).toBe(0);
    expect(await stateOf(p.root, 'notes')).toBe('merged');
    expect(existsSync(join(other, 'notes.md'))).toBe(true);
    expect(p.git('-C', other, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('codex-task');
  }, 120_000);

  it('adopts a pull request fetched from the remote (a local bare repository stands in for the service)', async () => {
    const p = makeProject();
    const remote = mkdtempSync(join(tmpdir(), 'grove-adopt-remote-'));
    cleanups.push(() => rmSync(remote, { recursive: true, force: true }));
    p.git('init', '-q', '--bare', remote);
    p.git('remote', 'add', 'origin', remote);
    const tip = outsideBranch(p, 'contributor', 'CHANGELOG.md', '# changes\n');
    p.git('push', '-q', 'origin', `${tip}:refs/pull/7/head`);
    p.git('branch', '-q', '-D', 'contributor'); // only the remote has it now

    const adopted = p.grove('adopt', '#7', '--json');
    expect(adopted.stderr).toBe('');
    expect(adopted.code).toBe(0);
    const r = JSON.parse(adopted.stdout) as { taskId: string; tip: string; notes: string[]; owns: string[] };
    expect(r).toMatchObject({ taskId: 'pr-7', tip, owns: ['CHANGELOG.md'] });
    // Without gh (or gh that cannot reach the service) the spec comes from the commits, and it says so.
    expect(r.notes).toEqual([expect.stringMatching(/^gh .*the spec was written from the commits/)]);
    expect(p.grove('run', '--no-dashboard').code).toBe(0);
    expect(await stateOf(p.root, 'pr-7')).toBe('merged');
    expect(p.git('show', 'main:CHANGELOG.md')).toBe('# changes\n');
  }, 120_000);

  it('refuses bad input with what to fix, and writes nothing', () => {
    const p = makeProject();
    const cases: Array<[string[], string]> = [
      [['adopt', 'no-such-branch'], 'no branch, worktree or pull request "no-such-branch"'],
      [['adopt', 'main'], 'main is already merged into main'],
      [['adopt', '#3'], 'pull request 3 could not be fetched from origin'],
    ];
    outsideBranch(p, 'fix', 'src/fix.js', 'export const fix = 1;\n');
    p.write({ '.grove/tasks/fix.md': '---\nid: fix\ntitle: Fix\nowns: ["src/**"]\n---\nFix it.\n' });
    p.commit('a spec of my own');
    expect(p.grove('plan').code).toBe(0); // task fix is in the state now
    cases.push([['adopt', 'fix'], 'there is already a task "fix"']);
    for (const [args, message] of cases) {
      const r = p.grove(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(message);
    }
    expect(p.git('status', '--porcelain')).toBe('');
    expect(p.git('branch', '--list', 'grove/*')).toBe('');
  }, 60_000);
});
