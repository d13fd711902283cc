import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { GIT_TEST_ENV } from '../helpers/git-repo.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject, worktreeOf } from '../helpers/grove-project.js';
import { walkTo } from '../helpers/task-state.js';

const BIN = resolve(import.meta.dirname, '../../bin/grove.js');
let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

async function verifiedTask(project: GroveProject): Promise<void> {
  expect(project.grove('spawn', 'a').stderr).toBe('');
  const wt = worktreeOf(project, 'a');
  writeFileSync(join(wt, 'a.txt'), 'a\n');
  project.git('-C', wt, 'add', '-A');
  project.git('-C', wt, 'commit', '-q', '-m', 'a work');
  const ctx = await openProject(project.root);
  try {
    walkTo(ctx.store, 'a', 'verified', 'test: gates passed');
  } finally {
    ctx.close();
  }
}

describe('the merge queue in PR mode', () => {
  it('says clearly when the remote is missing, and when gh is missing; nothing is pushed', async () => {
    p = makeGroveProject({ tasks: ['a'], config: 'queue: {mode: pr, remote: origin}\n' });
    await verifiedTask(p);
    const noRemote = p.grove('integrate');
    expect(noRemote.code).not.toBe(0);
    expect(noRemote.stderr).toContain('queue.mode is pr but the repository has no remote "origin"');
    expect(noRemote.stderr).toContain('git remote add origin');

    const bare = join(p.parent, 'remote.git');
    p.git('init', '-q', '--bare', bare);
    p.git('remote', 'add', 'origin', bare);
    // A PATH with git and nothing else: no gh.
    const bin = join(p.parent, 'bin-no-gh');
    mkdirSync(bin);
    const gitPath = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    symlinkSync(gitPath, join(bin, 'git'));
    const noGh = spawnSync(process.execPath, [BIN, 'integrate'], {
      cwd: p.root,
      env: { ...GIT_TEST_ENV, PATH: bin },
      encoding: 'utf8',
    });
    expect(noGh.status).not.toBe(0);
    expect(noGh.stderr).toContain('the GitHub CLI `gh` is not installed');
    expect(p.git('--git-dir', bare, 'branch', '--list').trim()).toBe('');
    const ctx = await openProject(p.root);
    try {
      expect(ctx.store.require('a').state).toBe('queued');
    } finally {
      ctx.close();
    }
  });
});
