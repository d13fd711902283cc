// Issue 18, keep or discard per file: a reviewer drops a task's changes to some files; grove commits the
// revert on the task branch naming the choice, the gates run again on the new tip before the task may be
// approved, and what lands is the rest. The real scripted agent, the real queue, real git.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject, worktreeOf } from '../helpers/grove-project.js';
import { scriptedTask } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const BASE = 'export const base = 0;\n';
const SCRIPT = [
  'steps:',
  '  - write: { path: src/t/index.js, content: "export const v = 1;\\n" }',
  '  - write: { path: src/t/debug.js, content: "console.log(\'debugging\');\\n" }',
  '  - edit: { path: src/t/base.js, find: "base = 0", replace: "base = 42" }',
  "  - commit: 'Add t, a debug file, and change base'",
  "  - result: { status: completed, summary: 'added t' }",
  '',
].join('\n');

function makeProject(): GroveProject {
  return makeGroveProject({
    config: 'gates:\n  test: [node, -e, "0"]\nreview: { code: required }\n',
    files: {
      'src/t/base.js': BASE,
      '.grove/tasks/t.md': scriptedTask('t'),
      '.grove/scripts/t.yaml': SCRIPT,
    },
  });
}

async function facts(g: GroveProject): Promise<{ state: string; verified: string | null; tip: string }> {
  const ctx = await openProject(g.root);
  try {
    const task = ctx.store.require('t');
    return { state: task.state, verified: task.verified_commit, tip: g.git('rev-parse', 'grove/t').trim() };
  } finally {
    ctx.close();
  }
}

function runToReview(g: GroveProject): void {
  const run = g.grove('run', '--no-dashboard');
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stdout + run.stderr).toMatch(/t\s+review: /);
}

describe('grove discard (keep or discard per file, in review)', () => {
  it('commits the revert on the branch, reruns the gates on the new tip, and lands only what was kept', async () => {
    p = makeProject();
    runToReview(p);
    const reviewed = await facts(p);
    expect(reviewed.state).toBe('review');

    const dropped = p.grove('discard', 't', 'src/t/debug.js', 'src/t/base.js', '-m', 'no debug output here');
    expect(dropped.stderr).toBe('');
    expect(dropped.code).toBe(0);
    expect(dropped.stdout).toContain('t: discarded src/t/debug.js, src/t/base.js');
    const after = await facts(p);
    expect(after.state).toBe('verifying');
    expect(p.git('rev-parse', `${after.tip}^`).trim()).toBe(reviewed.tip); // one commit on top, no force
    const message = p.git('log', '-1', '--format=%B', after.tip);
    expect(message).toContain("t: discard src/t/debug.js, src/t/base.js (the reviewer's choice)");
    expect(message).toContain('Discarded in review by cli: no debug output here.');
    expect(message).toContain('src/t/debug.js: removed (the task added it)');
    expect(message).toContain('src/t/base.js: restored to the base');
    expect(p.git('ls-tree', '-r', '--name-only', after.tip)).not.toContain('src/t/debug.js');
    expect(p.git('show', `${after.tip}:src/t/base.js`)).toBe(BASE);
    expect(p.git('show', `${after.tip}:src/t/index.js`)).toBe('export const v = 1;\n');

    // Not approvable until its gates pass on the new tip: the next run verifies it and it is back.
    expect(p.grove('approve', 't').code).toBe(10);
    runToReview(p);
    const again = await facts(p);
    expect(again).toMatchObject({ state: 'review', tip: after.tip, verified: after.tip });

    expect(p.grove('approve', 't').code).toBe(0);
    expect(p.grove('run', '--no-dashboard').code).toBe(0);
    expect((await facts(p)).state).toBe('merged');
    const landed = p.git('ls-tree', '-r', '--name-only', 'main');
    expect(landed).toContain('src/t/index.js');
    expect(landed).not.toContain('src/t/debug.js');
    expect(p.git('show', 'main:src/t/base.js')).toBe(BASE);

    // The journal says who discarded what, for the report.
    const ctx = await openProject(p.root);
    try {
      const discard = ctx.store.stateHistory('t').find((h) => h.kind === 'review-discard');
      expect(discard).toMatchObject({ to: 'verifying', by: 'cli' });
    } finally {
      ctx.close();
    }
  }, 120_000);

  it('refuses bad input with a clear error, a documented exit code, and changes nothing', async () => {
    p = makeProject();
    const early = p.grove('discard', 't', 'src/t/debug.js');
    expect(early.code).not.toBe(0); // not started yet: nothing to discard
    runToReview(p);
    const before = await facts(p);

    const notInDiff = p.grove('discard', 't', 'README.md');
    expect(notInDiff.code).toBe(2);
    expect(notInDiff.stderr).toContain('not changed by task t: README.md');
    expect(notInDiff.stderr).toContain('src/t/base.js, src/t/debug.js, src/t/index.js');

    const everything = p.grove('discard', 't', 'src/t/debug.js', 'src/t/base.js', 'src/t/index.js');
    expect(everything.code).toBe(2);
    expect(everything.stderr).toContain('grove abandon t');

    const wt = worktreeOf(p, 't');
    writeFileSync(join(wt, 'src/t/scratch.js'), 'unsaved work\n');
    const dirty = p.grove('discard', 't', 'src/t/debug.js');
    expect(dirty.code).toBe(10);
    expect(dirty.stderr).toContain('uncommitted changes (src/t/scratch.js)');

    expect(await facts(p)).toEqual(before);
    expect(p.git('-C', wt, 'status', '--porcelain')).toContain('scratch.js'); // the person's file is kept
  }, 120_000);
});
