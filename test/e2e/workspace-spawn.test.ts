import { existsSync, lstatSync, readFileSync, statSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { workspaceEnvForTask } from '../../src/app/workspace/env.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject, worktreeOf } from '../helpers/grove-project.js';
import { waitFor } from '../helpers/wait.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

describe('grove spawn', () => {
  it('creates worktree and branch, copies ignored files keeping modes, records the row, and reuses it', async () => {
    p = makeGroveProject({
      tasks: ['alpha', 'beta'],
      config: 'copy: [node_modules]\nports: {from: 5000, to: 5001}\n',
      files: { '.gitignore': 'node_modules/\n.env\n', '.worktreeinclude': '.env\n' },
    });
    p.write({ '.env': 'SECRET=1\n', 'node_modules/pkg/index.js': 'x\n' });
    chmodSync(join(p.root, '.env'), 0o600);
    const r = p.grove('spawn', 'alpha', 'beta');
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/created\s+alpha\s+grove\/alpha/);
    const wt = worktreeOf(p, 'alpha');
    expect(p.git('-C', wt, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('grove/alpha');
    expect(statSync(join(wt, '.env')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(wt, 'node_modules/pkg/index.js'), 'utf8')).toBe('x\n');
    expect(lstatSync(join(wt, 'node_modules/pkg/index.js')).nlink).toBe(1);

    const ctx = await openProject(p.root);
    try {
      const a = ctx.store.require('alpha');
      const b = ctx.store.require('beta');
      expect(a).toMatchObject({ branch: 'grove/alpha', worktree: wt, base: 'main' });
      expect([a.port, b.port].sort()).toEqual([5000, 5001]);
      expect(workspaceEnvForTask(ctx, 'alpha')).toEqual({
        GROVE_TASK_ID: 'alpha',
        GROVE_WORKTREE: wt,
        GROVE_REPO_ROOT: p.root,
        GROVE_BRANCH: 'grove/alpha',
        GROVE_PORT: String(a.port),
      });
    } finally {
      ctx.close();
    }
    const again = p.grove('spawn', 'alpha', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject([{ kind: 'reused', workspace: { worktree: wt } }]);
  });

  it('refuses bad ids, foreign branches, occupied paths and a missing base with clear errors', () => {
    p = makeGroveProject({ tasks: ['alpha', 'beta', 'gamma'] });
    for (const bad of ['../x', '$(id)']) {
      const r = p.grove('spawn', bad);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('is not a valid task id');
      expect(r.stderr).toContain('lowercase letters');
    }
    p.git('branch', 'grove/beta');
    const b = p.grove('spawn', 'beta');
    expect(b.code).toBe(7);
    expect(b.stdout).toContain('branch grove/beta already exists and grove has no record of it');
    mkdirSync(worktreeOf(p, 'gamma'), { recursive: true });
    const g = p.grove('spawn', 'gamma');
    expect(g.stdout).toContain('exists and is not a git worktree');
    const n = p.grove('spawn', 'nope');
    expect(n.code).toBe(4);
    expect(n.stderr).toContain('no task "nope"');
    writeFileSync(join(p.root, '.grove/config.yaml'), 'base: develop\n');
    const m = p.grove('spawn', 'alpha');
    expect(m.code).not.toBe(0);
    expect(m.stderr).toContain('the base branch "develop" does not exist');
    expect(existsSync(worktreeOf(p, 'alpha'))).toBe(false);
  });

  it('rolls back a half-made worktree when the copy fails', () => {
    // The base has a tracked file `conf`; the main checkout (on another branch) has an ignored folder there.
    p = makeGroveProject({
      tasks: ['alpha'],
      config: 'base: main\ncopy: [conf]\n',
      files: { conf: 'tracked\n' },
    });
    p.git('checkout', '-q', '-b', 'other');
    p.git('rm', '-q', 'conf');
    p.commit('drop conf', { '.gitignore': 'conf/\n', 'conf/x': 'ignored\n' });
    const r = p.grove('spawn', 'alpha');
    expect(r.code).toBe(7);
    expect(r.stdout).toContain('copying conf into');
    expect(existsSync(worktreeOf(p, 'alpha'))).toBe(false);
    expect(p.git('branch', '--list', 'grove/alpha').trim()).toBe('');
  });

  it('runs pre_start with the GROVE_* env and marks the task failed (worktree kept) when it fails', async () => {
    p = makeGroveProject({
      tasks: ['alpha', 'beta'],
      config: [
        'hooks:',
        '  pre_start: \'env | grep ^GROVE_ | sort > "$GROVE_WORKTREE/env.txt"; test "$GROVE_TASK_ID" != beta || { echo setup broke; exit 3; }\'',
        '  post_start: [sh, -c, "echo post-start ran in $PWD"]',
        '',
      ].join('\n'),
    });
    const r = p.grove('spawn', 'alpha', 'beta');
    expect(r.code).toBe(8);
    expect(r.stdout).toMatch(/failed\s+beta: pre_start hook failed \(exit 3\)/);
    expect(r.stdout).toContain('setup broke');
    const env = readFileSync(join(worktreeOf(p, 'alpha'), 'env.txt'), 'utf8');
    expect(env).toContain('GROVE_BRANCH=grove/alpha');
    expect(env).toMatch(/GROVE_PORT=\d+/);
    expect(existsSync(worktreeOf(p, 'beta'))).toBe(true);
    const ctx = await openProject(p.root);
    try {
      expect(ctx.store.require('beta').state).toBe('failed');
      const last = ctx.store.stateHistory('beta').at(-1);
      expect(last).toMatchObject({ to: 'failed', output: expect.stringContaining('setup broke') as unknown });
      const log = join(ctx.paths.stateDir, 'logs', 'alpha', 'post-start.log');
      await waitFor(() => existsSync(log) && readFileSync(log, 'utf8').includes('post-start ran'), {
        what: 'the post_start hook to run',
      });
      expect(readFileSync(log, 'utf8')).toContain(worktreeOf(p, 'alpha'));
    } finally {
      ctx.close();
    }
  });
});
