// Best-of-N end to end (issue 21): one task file with `attempts: 3` runs three scripted attempts in
// their own worktrees; one fails a gate, one passes with a large diff, one with a small diff. grove
// ranks them, keeps every branch as a backup ref, and lands the small one (or the one a person picks).
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { defaultPorts } from '../../src/app/run/ports.js';
import { approveTask } from '../../src/app/task-commands/approve.js';
import { openProject } from '../../src/app/context.js';
import { loadCycleReport } from '../../src/app/report/cycle-report.js';
import { renderReportMarkdown } from '../../src/core/report/index.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { bestOfProject, script } from './best-of-fixtures.js';
import { startLoop, stateOf } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const gitOut = (cwd: string, args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

describe('best-of-N', () => {
  it('runs three attempts, ranks them and lands the small passing one; the others stay as refs', async () => {
    p = bestOfProject([script(1, true), script(40), script(2)], 'auto');
    const { ctx, loop } = await startLoop(p.root, defaultPorts);
    try {
      const done = await loop.whenDone();
      expect(done.merged.sort()).toEqual(['after', 'pick-try3']);
      expect(stateOf(ctx, 'pick-try1')).toBe('abandoned');
      expect(stateOf(ctx, 'pick-try2')).toBe('abandoned');
      const ranking = ctx.stores.journal.forTask('pick', ['best-of']).map((r) => r.data);
      expect(ranking).toHaveLength(1);
      expect(ranking[0]!.pick).toBe('pick-try3');
      expect(ranking[0]!.ranked.map((c) => [c.id, c.passes])).toEqual([
        ['pick-try3', true],
        ['pick-try2', true],
        ['pick-try1', false],
      ]);
      expect(ranking[0]!.ranked[1]!.why).toMatch(/pick-try3 is smaller or cheaper/);
      // Each attempt's branch is kept as a backup ref, at the commit grove ranked.
      for (const id of ['pick-try1', 'pick-try2', 'pick-try3']) {
        expect(gitOut(p.root, ['rev-parse', `refs/grove/best-of/pick/${id}`])).toBe(ranking[0]!.refs[id]);
      }
      // What landed is the small attempt's file, and the dependent started only after it merged.
      expect(gitOut(p.root, ['show', 'main:src/pick/index.js']).split('\n')).toHaveLength(2);
      const afterStart = ctx.stores.attempts.listForTask('after')[0]!.started_at;
      const merged = ctx.store.stateHistory('pick-try3').find((h) => h.to === 'merged')!.at;
      expect(afterStart).toBeGreaterThanOrEqual(merged);
      // The report says which attempt won and why.
      const report = renderReportMarkdown(await loadCycleReport(ctx));
      expect(report).toContain('- **pick**: 3 attempts; grove picked pick-try3; pick-try3 landed.');
      expect(report).toMatch(/3\. pick-try1: passed \d+\/\d+ gates .*\(not verified\)/);
      // The three attempts ran at the same time (they own the same paths, yet do not wait on each other).
      const windows = ['pick-try1', 'pick-try2', 'pick-try3'].map(
        (id) => ctx.stores.attempts.listForTask(id)[0]!,
      );
      expect(Math.max(...windows.map((a) => a.started_at))).toBeLessThan(
        Math.min(...windows.map((a) => a.ended_at!)),
      );
    } finally {
      await loop.stop();
      ctx.close();
    }
  });

  it('with review required, the passing attempts wait side by side and the person may pick another', async () => {
    p = bestOfProject([script(1, true), script(40), script(2)], 'required');
    const first = await startLoop(p.root, defaultPorts);
    try {
      await first.loop.whenDone();
      expect(stateOf(first.ctx, 'pick-try1')).toBe('abandoned');
      expect(stateOf(first.ctx, 'pick-try2')).toBe('review');
      expect(stateOf(first.ctx, 'pick-try3')).toBe('review');
      const ranking = first.ctx.stores.journal.forTask('pick', ['best-of'])[0]!.data;
      expect(ranking.pick).toBe('pick-try3');
      expect(ranking.review).toEqual(['pick-try2']);
    } finally {
      await first.loop.stop();
      first.ctx.close();
    }
    // The person prefers the large attempt: approving it gives the pick up.
    const ctx = await openProject(p.root);
    const result = await approveTask(ctx, 'pick-try2', 'cli');
    expect(result.kind).toBe('done');
    expect(result.kind === 'done' && result.message).toMatch(/other attempts \(pick-try3\) were given up/);
    expect(stateOf(ctx, 'pick-try3')).toBe('abandoned');
    ctx.close();
    const second = await startLoop(p.root, defaultPorts);
    try {
      const done = await second.loop.whenDone();
      expect(done.merged).toContain('pick-try2');
      expect(done.merged).not.toContain('pick-try3');
      expect(gitOut(p.root, ['show', 'main:src/pick/index.js']).split('\n')).toHaveLength(40);
      const report = renderReportMarkdown(await loadCycleReport(second.ctx));
      expect(report).toContain('grove picked pick-try3; pick-try2 landed (a person chose it).');
    } finally {
      await second.loop.stop();
      second.ctx.close();
    }
  });

  it('when every attempt fails, the best of them goes to the fix loop and lands once fixed', async () => {
    p = bestOfProject([script(5, true, true), script(1, true, true), script(30, true, true)], 'auto');
    const { ctx, loop } = await startLoop(p.root, defaultPorts);
    try {
      const done = await loop.whenDone();
      const ranking = ctx.stores.journal.forTask('pick', ['best-of'])[0]!.data;
      expect(ranking.pick).toBeUndefined();
      expect(ranking.fix).toBe('pick-try2');
      expect(done.merged.sort()).toEqual(['after', 'pick-try2']);
      expect(stateOf(ctx, 'pick-try1')).toBe('abandoned');
      expect(stateOf(ctx, 'pick-try3')).toBe('abandoned');
      expect(ctx.store.stateHistory('pick-try2').some((h) => h.to === 'fixing')).toBe(true);
      expect(ctx.store.stateHistory('pick-try1').some((h) => h.to === 'fixing')).toBe(false);
    } finally {
      await loop.stop();
      ctx.close();
    }
  });
});
