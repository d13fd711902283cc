import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDashboardBackend } from '../../src/app/dashboard/backend.js';
import { openJournalReader } from '../../src/app/dashboard/journal-reader.js';
import { openProject } from '../../src/app/context.js';
import { reportStores } from '../../src/app/report/cycle-report.js';
import { LearningStore } from '../../src/infra/db/learning-store.js';
import { approvedPaths } from '../../src/app/verify/scope-approval.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

describe('dashboard: learnings', () => {
  it('lists proposals; accept writes AGENTS.md under the section, reject leaves it byte-identical', async () => {
    p = makeGroveProject({ tasks: ['t'] });
    const agents = '# AGENTS.md\n\n## GOTCHAS\n- Old.\n';
    writeFileSync(join(p.root, 'AGENTS.md'), agents);
    const ctx = await openProject(p.root);
    try {
      const learnings = new LearningStore(ctx.db, ctx.now);
      const evidence = [{ task: 't', source: 'fix-loop' as const }];
      learnings.saveAll([
        {
          id: 'L1',
          section: 'GOTCHAS',
          entry: 'Pad cents with toFixed(2)',
          key: 'k1',
          evidence,
          status: 'proposed',
        },
        { id: 'L2', section: 'STYLE', entry: 'Prefer small files', key: 'k2', evidence, status: 'proposed' },
      ]);
      const backend = createDashboardBackend({
        config: ctx.config,
        repoRoot: p.root,
        tasks: ctx.store,
        journal: openJournalReader(ctx.db),
        learnings,
        reportStores: reportStores(ctx.db, ctx.now),
        now: ctx.now,
        commands: ctx,
      });
      expect((await backend.learnings()).map((l) => [l.id, l.status])).toEqual([
        ['L1', 'proposed'],
        ['L2', 'proposed'],
      ]);
      expect((await backend.act({ kind: 'learning-reject', id: 'L2' })).kind).toBe('done');
      expect(readFileSync(join(p.root, 'AGENTS.md'), 'utf8')).toBe(agents);
      expect(
        (await backend.act({ kind: 'learning-edit', id: 'L1', entry: 'Format cents with toFixed(2)' })).kind,
      ).toBe('done');
      expect(readFileSync(join(p.root, 'AGENTS.md'), 'utf8')).toBe(
        `${agents}- Format cents with toFixed(2)\n`,
      );
      expect((await backend.learnings()).map((l) => l.status)).toEqual(['accepted', 'rejected']);
      expect((await backend.act({ kind: 'learning-accept', id: 'nope' })).kind).toBe('refused');
    } finally {
      ctx.close();
    }
  });

  it('approves a scope request from the page: the task continues and the approval is recorded', async () => {
    p = makeGroveProject({ tasks: ['t'] });
    const ctx = await openProject(p.root);
    try {
      ctx.store.upsert('t', { title: 'Task t' });
      ctx.store.transition('t', 'blocked', 'needs more files', {
        data: { kind: 'scope-expansion', paths: ['docs/x.md'] },
      });
      const backend = createDashboardBackend({
        config: ctx.config,
        repoRoot: p.root,
        tasks: ctx.store,
        journal: openJournalReader(ctx.db),
        reportStores: reportStores(ctx.db, ctx.now),
        now: ctx.now,
        commands: ctx,
      });
      const r = await backend.act({ kind: 'approve-scope', taskId: 't' });
      expect(r).toMatchObject({ kind: 'done', state: 'ready' });
      expect(approvedPaths(ctx, 't')).toEqual(['docs/x.md']);
    } finally {
      ctx.close();
    }
  });
});
