import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { verifyTask } from '../../src/app/verify/verify-task.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject, worktreeOf } from '../helpers/grove-project.js';
import { execFileSync } from 'node:child_process';
import { GIT_TEST_ENV } from '../helpers/git-repo.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

function setup(config: string, owns = '["src/t/**"]'): { wt: string; git: (...a: string[]) => string } {
  p = makeGroveProject({
    config: `gates:\n  test: [node, -e, "process.exit(0)"]\n${config}`,
    files: { '.grove/tasks/t.md': `---\nid: t\ntitle: Task t\nowns: ${owns}\n---\nDo t.\n` },
  });
  expect(p.grove('spawn', 't').code).toBe(0);
  const wt = worktreeOf(p, 't');
  const git = (...a: string[]): string =>
    execFileSync('git', a, { cwd: wt, env: GIT_TEST_ENV, encoding: 'utf8' });
  return { wt, git };
}

async function verify(): Promise<Awaited<ReturnType<typeof verifyTask>>> {
  const ctx = await openProject(p!.root);
  try {
    return await verifyTask(ctx, 't');
  } finally {
    ctx.close();
  }
}

describe('built-in gates', () => {
  it('commits leftovers for the agent, naming the task, then passes', async () => {
    const { wt, git } = setup('');
    execFileSync('mkdir', ['-p', join(wt, 'src/t')]);
    writeFileSync(join(wt, 'src/t/a.js'), 'export const a = 1;\n');
    const r = await verify();
    if (r.kind !== 'passed') throw new Error(`expected the gates to pass: ${JSON.stringify(r)}`);
    expect(r.runs.map((g) => g.gate)).toEqual(['committed', 'ownership', 'knowledge-file', 'test']);
    expect(git('log', '-1', '--format=%s').trim()).toBe('t: leftover changes (committed by grove)');
    expect(git('status', '--porcelain')).toBe('');
  });

  it('fails `committed` on uncommitted work when commit_leftovers is off', async () => {
    const { wt } = setup('commit_leftovers: false\n');
    execFileSync('mkdir', ['-p', join(wt, 'src/t')]);
    writeFileSync(join(wt, 'src/t/a.js'), 'x');
    const r = await verify();
    expect(r).toMatchObject({ kind: 'failed', gate: 'committed' });
    if (r.kind === 'failed') expect(r.outputTail).toContain('src/t/a.js');
  });

  it('fails `ownership` naming each path changed outside owns', async () => {
    const { wt, git } = setup('');
    writeFileSync(join(wt, 'README.md'), 'changed\n');
    git('commit', '-qam', 'touch the readme');
    const r = await verify();
    expect(r).toMatchObject({ kind: 'failed', gate: 'ownership' });
    if (r.kind === 'failed') {
      expect(r.outputTail).toContain('README.md');
      expect(r.fingerprint).toMatch(/^ownership:/);
    }
  });

  it('fails `knowledge-file` when the branch edits AGENTS.md, even when owns covers it', async () => {
    const { wt, git } = setup('', '["**"]');
    writeFileSync(join(wt, 'AGENTS.md'), '# an agent wrote this\n');
    git('add', 'AGENTS.md');
    git('commit', '-qm', 'agents file');
    const r = await verify();
    expect(r).toMatchObject({ kind: 'failed', gate: 'knowledge-file' });
    if (r.kind === 'failed') expect(r.outputTail).toContain('AGENTS.md');
  });

  it('accepts paths approved with `grove approve-scope`, and a task blocked on its request goes back to ready', async () => {
    const { wt, git } = setup('');
    writeFileSync(join(wt, 'README.md'), 'changed\n');
    git('commit', '-qam', 'touch the readme');
    expect((await verify()).kind).toBe('failed');
    const ctx = await openProject(p!.root);
    try {
      ctx.store.transition('t', 'blocked', 'needs more files', {
        data: { kind: 'scope-expansion', paths: ['README.md'] },
      });
    } finally {
      ctx.close();
    }
    const approved = p!.grove('approve-scope', 't', '--json');
    expect(approved.code).toBe(0);
    expect(JSON.parse(approved.stdout)).toEqual({ task: 't', paths: ['README.md'], resumed: true });
    const r = await verify();
    expect(r.kind).toBe('passed');
    expect(p!.grove('approve-scope', 'nope').stderr).toContain('no task "nope"');
  });
});
