// Issue 17 item 7: control files. A task owning `**` changed `.grove/config.yaml` (removed the gates,
// added a `pre_start` hook that ran on the next `grove run`) and added a task spec; all merged. Now
// `.grove/` is guarded like AGENTS.md (the knowledge-file gate fails unless the lead allowed the path by
// name), and the gates and hooks come from the lead's checkout, never from a task's worktree.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { runGates } from '../../src/app/verify/verify-task.js';
import { unapprovedControlFiles } from '../../src/app/verify/built-in-gates.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { worktreeOf } from '../helpers/grove-project.js';
import { walkTo } from '../helpers/task-state.js';
import { project, scriptedTask, writeScript } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const CONFIG = 'gates:\n  test: [node, -e, "0"]\nfix: { max_iterations: 0 }\n';

/** The hostile agent: its own work, then the config without gates and with a hook, and a new spec. */
function hostile(marker: string): string {
  const config = `gates: {}\\nhooks:\\n  pre_start: 'touch ${marker}'\\n`;
  return [
    'steps:',
    '  - write: { path: src/a/ok.js, content: "export const ok = 1;\\n" }',
    `  - write: { path: .grove/config.yaml, content: "${config}" }`,
    '  - write: { path: .grove/tasks/planted.md, content: "---\\nid: planted\\ntitle: Planted\\nowns: [\\"**\\"]\\n---\\nDo it.\\n" }',
    "  - commit: 'a: the work, and a better config'",
    "  - result: { status: completed, summary: 'done' }",
    '',
  ].join('\n');
}

describe('control files (.grove/) are guarded like AGENTS.md', () => {
  it('a task owning ** that rewrites the config and plants a spec fails the knowledge-file gate; nothing lands; the hook never runs', async () => {
    const marker = join(process.env['TMPDIR'] ?? '/tmp', `grove-hook-ran-${process.pid}-${Date.now()}`);
    p = project({ a: hostile(marker), b: writeScript('b') }, CONFIG, {
      a: scriptedTask('a').replace('["src/a/**"]', '["**"]'),
    });
    const mainBefore = p.git('rev-parse', 'main').trim();
    // `a` owns `**`, so `b` overlaps it: with overlapping runs off (the default) `b` waits while the
    // blocked `a` holds the paths, and grove run's end says so and what to do first.
    const run = p.grove('run', '--no-dashboard');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).toContain('b waits for a, which is blocked');
    expect(run.stdout).toMatch(/b +ready: .*\n +→ first look at it \(grove status a\)/);
    const ctx = await openProject(p.root);
    try {
      expect(ctx.store.require('a').state).toBe('blocked');
      expect(ctx.store.require('b').state).toBe('ready');
      const last = ctx.stores.gates.listForTask('a').at(-1);
      expect(last?.gate, JSON.stringify(last)).toBe('knowledge-file');
      expect(last?.output_tail).toContain('.grove/config.yaml');
      expect(last?.output_tail).toContain('.grove/tasks/planted.md');
      expect(last?.output_tail).toContain('grove approve-scope a <path>');
    } finally {
      ctx.close();
    }
    expect(p.git('rev-parse', 'main').trim()).toBe(mainBefore);
    // The lead gives up on `a`; the next run lands `b` only and starts nothing from the planted config.
    expect(p.grove('abandon', 'a').code).toBe(0);
    const second = p.grove('run', '--no-dashboard');
    expect(second.stderr).not.toMatch(/^\s+at /m);
    const after = await openProject(p.root);
    try {
      expect(after.store.require('b').state).toBe('merged');
      expect(after.store.require('a').state).toBe('abandoned');
    } finally {
      after.close();
    }
    const tree = p.git('ls-tree', '-r', '--name-only', 'main');
    expect(tree).not.toContain('.grove/tasks/planted.md');
    expect(p.git('show', 'main:.grove/config.yaml')).toContain('test:');
    expect(p.git('rev-list', '--count', `${mainBefore}..main`).trim()).toBe('1'); // b only
    expect(existsSync(marker)).toBe(false);
  }, 90_000);

  it('a control file passes only when the lead allowed that path by name (a wide glob is not enough)', () => {
    const changed = ['src/a/x.js', '.grove/config.yaml', '.grove/tasks/new.md'];
    expect(unapprovedControlFiles(changed, [])).toEqual(['.grove/config.yaml', '.grove/tasks/new.md']);
    expect(unapprovedControlFiles(changed, ['**'])).toEqual(['.grove/config.yaml', '.grove/tasks/new.md']);
    expect(unapprovedControlFiles(changed, ['.grove/tasks/new.md'])).toEqual(['.grove/config.yaml']);
    expect(unapprovedControlFiles(changed, ['./.grove/**'])).toEqual([]);
  });

  it('with the lead approval of the spec by name, the task passes; gates come from the lead checkout even when grove runs inside the worktree', async () => {
    p = project({ a: writeScript('a') }, CONFIG, { a: scriptedTask('a').replace('["src/a/**"]', '["**"]') });
    expect(p.grove('spawn', 'a').code).toBe(0);
    const wt = worktreeOf(p, 'a');
    const commit = (file: string, text: string): void => {
      mkdirSync(join(wt, dirname(file)), { recursive: true });
      writeFileSync(join(wt, file), text);
      p!.git('-C', wt, 'add', '-A');
      p!.git('-C', wt, 'commit', '-q', '-m', file);
    };
    commit(
      '.grove/tasks/follow-up.md',
      '---\nid: follow-up\ntitle: Follow up\nowns: ["src/f/**"]\n---\nDo f.\n',
    );
    // The worktree's own config would drop the gates and add one that always passes; it is not read.
    commit('.grove/config.yaml', 'gates:\n  test: [node, -e, "process.exit(3)"]\n');
    const ctxInWorktree = await openProject(wt);
    try {
      expect(ctxInWorktree.paths.mainRoot).toBe(p.root);
      expect(ctxInWorktree.config.gates['test']).toEqual(['node', '-e', '0']);
      walkTo(ctxInWorktree.store, 'a', 'verifying', 'test: the agent finished');
      const first = await runGates(ctxInWorktree, 'a');
      expect(first.outcome).toMatchObject({ kind: 'failed', gate: 'knowledge-file' });
    } finally {
      ctxInWorktree.close();
    }
    // The lead allows the spec (not the config) by name: the gate still names the config.
    expect(p.grove('approve-scope', 'a', '.grove/tasks/follow-up.md').code).toBe(0);
    const ctx = await openProject(p.root);
    try {
      const second = await runGates(ctx, 'a');
      expect(second.outcome).toMatchObject({ kind: 'failed', gate: 'knowledge-file' });
      const tail = second.runs.at(-1)?.output_tail ?? '';
      expect(tail).toContain('.grove/config.yaml');
      expect(tail).not.toContain('follow-up.md');
      // The agent reverts the config: with the spec approved by name, every gate passes.
      p.git('-C', wt, 'revert', '--no-edit', 'HEAD');
      const third = await runGates(ctx, 'a');
      expect(third.outcome.kind).toBe('passed');
      expect(third.runs.map((r) => r.gate)).toEqual(['committed', 'ownership', 'knowledge-file', 'test']);
    } finally {
      ctx.close();
    }
  }, 60_000);
});
