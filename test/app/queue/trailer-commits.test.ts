// Every commit the merge queue writes on the base carries `Grove-Task` / `Grove-Attempt` trailers
// (issue 17, items 4 and 5), whatever the merge method.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../../src/app/context.js';
import { enqueueTask, integrateNow } from '../../../src/app/queue/index.js';
import { parseTrailers } from '../../../src/core/queue/trailer.js';
import type { GroveProject } from '../../helpers/grove-project.js';
import { makeGroveProject, worktreeOf } from '../../helpers/grove-project.js';
import { walkTo } from '../../helpers/task-state.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

function commitIn(project: GroveProject, id: string, file: string, n: number): void {
  const wt = worktreeOf(project, id);
  writeFileSync(join(wt, file), `${id} ${n}\n`);
  project.git('-C', wt, 'add', '-A');
  project.git('-C', wt, 'commit', '-q', '-m', `${id} work ${n}\n\nGrove-Task: victim\nGrove-Attempt: 9`);
}

/** The trailers of each first-parent commit after `from`, oldest first. */
function trailersSince(project: GroveProject, from: string): Array<string | undefined> {
  const out = project.git('log', '--first-parent', '--reverse', '-z', '--format=%B', `${from}..main`);
  return out
    .split('\0')
    .filter((m) => m.trim() !== '')
    .map((m) => {
      const t = parseTrailers(m);
      return t && `${t.task}#${t.attempt}`;
    });
}

describe.each(['squash', 'merge', 'rebase'] as const)('queue.method %s', (method) => {
  it('writes Grove-Task and Grove-Attempt on every commit it puts on the base, never the agent’s', async () => {
    p = makeGroveProject({ tasks: ['a', 'b'], config: `queue:\n  method: ${method}\n` });
    for (const id of ['a', 'b']) expect(p.grove('spawn', id).stderr).toBe('');
    const first = p.git('rev-parse', 'main').trim();
    commitIn(p, 'a', 'a1.txt', 1);
    commitIn(p, 'a', 'a2.txt', 2);
    commitIn(p, 'b', 'b.txt', 1);
    const ctx = await openProject(p.root);
    try {
      for (const id of ['a', 'b']) {
        walkTo(ctx.store, id, 'verified', 'test: gates passed');
        enqueueTask(ctx, id, 'cli');
      }
      const report = await integrateNow(ctx);
      expect(report.merged.map((m) => m.taskId)).toEqual(['a', 'b']);
    } finally {
      ctx.close();
    }
    const expected = method === 'rebase' ? ['a#0', 'a#0', 'b#0'] : ['a#0', 'b#0'];
    expect(trailersSince(p, first)).toEqual(expected);
  }, 60_000);
});
