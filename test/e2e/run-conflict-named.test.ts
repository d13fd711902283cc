// Issue 23 item 5: a conflict is called a conflict everywhere — the end of `grove run`, `grove status`,
// the dashboard's task events, `grove report`, `grove queue` — when the agent (the scripted one, which
// resolves nothing here) leaves the markers grove put in its worktree. The markers never land.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { describeEvent } from '../../src/shared/journal-view.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { project } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const LINES = Array.from({ length: 8 }, (_, i) => `line ${i + 1}`);
const owner = (id: string): string =>
  `---\nid: ${id}\ntitle: Edit for ${id}\nowns: ["src/shared.txt"]\n---\nEdit src/shared.txt for ${id}.\n`;
const editor = (id: string, sleep: number): string =>
  [
    'default_usage: { input: 10, output: 0 }',
    'runs:',
    '  1:',
    `    - sleep: ${sleep}`,
    `    - edit: { path: src/shared.txt, find: "line 3\\n", replace: "line 3 by ${id}\\n" }`,
    `    - commit: 'Edit ${id}'`,
    `    - result: { status: completed, summary: 'changed line 3 for ${id}' }`,
    '  default:',
    "    - result: { status: completed, summary: 'nothing to do' }",
    '',
  ].join('\n');

describe('a conflict the agent does not resolve', () => {
  it('is named as a conflict by grove run, grove status, the dashboard, grove report and grove queue', async () => {
    p = project(
      { a: editor('a', 200), b: editor('b', 900) },
      'run_overlapping: true\ngates:\n  test: [node, -e, "process.exit(0)"]\n',
      { a: owner('a'), b: owner('b') },
    );
    p.commit('shared', { 'src/shared.txt': `${LINES.join('\n')}\n` });
    const run = p.grove('run', '--no-dashboard');
    expect(run.code).not.toBe(0);
    const conflict = 'its conflict with main in src/shared.txt is not resolved';
    // The end of grove run: the reason and what to do.
    expect(run.stdout).toContain(`b  blocked: b is stuck: ${conflict}`);
    expect(run.stdout).toMatch(
      /→ resolve the conflict with main in \S+repo\.grove\/b \(edit src\/shared\.txt, git add, git commit\), then grove retry b/,
    );
    expect(run.stdout).not.toMatch(/b {2}blocked: stuck: stuck/);
    // Nothing with markers landed: main has a's line only.
    expect(p.git('show', 'main:src/shared.txt')).toBe(
      `${['line 1', 'line 2', 'line 3 by a', ...LINES.slice(3)].join('\n')}\n`,
    );

    const status = p.grove('status');
    expect(status.stdout).toContain(`b is blocked: b is stuck: ${conflict}`);

    const report = p.grove('report');
    expect(report.stdout).toContain('- Merge queue: 1 test run, 100% passed; 1 conflict;');

    const queue = p.grove('queue');
    expect(queue.stdout).toMatch(/b +conflict +- conflicts with main in src\/shared\.txt/);

    const ctx = await openProject(p.root);
    try {
      // The dashboard's task page shows each journal row through describeEvent.
      const last = ctx.stores.journal.forTask('b', ['state']).at(-1)!;
      expect(
        describeEvent({ id: last.id, at: last.at, taskId: 'b', type: 'state', data: last.data }),
      ).toContain(`→ blocked (b is stuck: ${conflict}`);
      // The agent's fix prompts said what the worktree holds.
      const fix = readFileSync(
        join(ctx.paths.stateDir, 'homes', 'b', 'scripted', 'scripted-agent', 'b.run-3.prompt.txt'),
        'utf8',
      );
      expect(fix).toContain(
        'This is still the conflict with `main` the merge queue sent back (in `src/shared.txt`)',
      );
      const gates = ctx.stores.gates.listForTask('b').filter((g) => g.gate === 'committed' && !g.ok);
      expect(gates[0]!.output_tail).toContain(
        'a merge is in progress and not finished; conflicts not resolved in:\nsrc/shared.txt',
      );
    } finally {
      ctx.close();
    }
  }, 120_000);
});
