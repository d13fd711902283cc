// A budget the lead raised with `grove resume --budget` survives the next sync of the task files (every
// `grove run`, `grove plan` and lead command syncs them); an edit of the task file's budget wins again.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject, taskFile } from '../helpers/grove-project.js';
import { walkTo } from '../helpers/task-state.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

async function budgetOf(root: string, id: string): Promise<number | null> {
  const ctx = await openProject(root);
  try {
    return ctx.store.require(id).budget_tokens;
  } finally {
    ctx.close();
  }
}

describe('grove resume --budget and the task files', () => {
  it('keeps the raised budget through later syncs until the task file changes', async () => {
    p = makeGroveProject({
      files: {
        '.grove/tasks/t.md': taskFile('t', 'budget: { tokens: 10000 }\n'),
        '.grove/tasks/u.md': taskFile('u'),
      },
    });
    expect(p.grove('plan').code).toBe(0);
    const ctx = await openProject(p.root);
    try {
      walkTo(ctx.store, 't', 'paused', 'budget: 9000 of 10000 tokens used');
    } finally {
      ctx.close();
    }
    const resumed = p.grove('resume', 't', '--budget', '+20000');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await budgetOf(p.root, 't')).toBe(30_000);

    // `grove plan` and another lead command sync the files again: the lead's budget stands.
    expect(p.grove('plan').code).toBe(0);
    const other = p.grove('pause', 'u');
    expect(other.code).not.toBe(0); // u is planned: nothing to pause, but the files were synced first
    expect(await budgetOf(p.root, 't')).toBe(30_000);

    // An edit of the task file is a new decision: its budget applies.
    writeFileSync(join(p.root, '.grove/tasks/t.md'), taskFile('t', 'budget: { tokens: 50000 }\n'));
    expect(p.grove('plan').code).toBe(0);
    expect(await budgetOf(p.root, 't')).toBe(50_000);
  });
});
