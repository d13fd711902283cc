// What `grove conflicts` loads of a project: the best-of attempts (rivals, never a predicted
// conflict) from the task files, without parsing the files that cannot declare one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openForConflicts } from '../../src/app/conflicts/open.js';
import { openProject } from '../../src/app/context.js';
import type { TempRepo } from '../helpers/git-repo.js';
import { makeTempRepo } from '../helpers/git-repo.js';

let repo: TempRepo;
const task = (id: string, extra = ''): void =>
  writeFileSync(
    join(repo.root, '.grove/tasks', `${id}.md`),
    `---\nid: ${id}\ntitle: Task ${id}\nowns: ["src/**"]\n${extra}---\nWork.\n`,
  );
beforeEach(async () => {
  repo = makeTempRepo();
  mkdirSync(join(repo.root, '.grove/tasks'), { recursive: true });
  writeFileSync(join(repo.root, '.grove/config.yaml'), 'base: main\n');
  task('plain');
  // grove.db exists (openForConflicts rebuilds a lost one through openProject).
  (await openProject(repo.root)).close();
});
afterEach(() => repo.cleanup());

describe('openForConflicts', () => {
  it('no task file can be best-of: no task parsed; the config and the database are there', async () => {
    // A file no other command would load: only a best-of declaration makes conflicts read it.
    writeFileSync(join(repo.root, '.grove/tasks', 'broken.md'), '---\nid: [unclosed\n---\n');
    const ctx = await openForConflicts(repo.root);
    try {
      expect(ctx.tasks).toEqual([]);
      expect(ctx.config.base).toBe('main');
      expect(ctx.store.list()).toEqual([]);
    } finally {
      ctx.close();
    }
  });

  it('a best-of task file: its attempts come back, tied to their group', async () => {
    task('pick', 'attempts: 2\n');
    const ctx = await openForConflicts(repo.root);
    try {
      expect(ctx.tasks.map((t) => [t.id, t.bestOf?.group])).toEqual([
        ['pick-try1', 'pick'],
        ['pick-try2', 'pick'],
      ]);
    } finally {
      ctx.close();
    }
  });
});
