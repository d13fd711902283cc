// Issue 23 item 5: a conflict is called a conflict everywhere — the end of `grove run`, `grove status`,
// `grove report`, `grove queue` — when the agent (the scripted one, which resolves nothing here) leaves
// the markers grove put in its worktree.
import { afterEach, describe, expect, it } from 'vitest';
import type { GroveProject } from '../helpers/grove-project.js';
import { project } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const LINES = Array.from({ length: 8 }, (_, i) => `line ${i + 1}`);
const owner = (id: string): string =>
  `---\nid: ${id}\ntitle: Edit for ${id}\nowns: ["src/shared.txt"]\n---\nEdit src/shared.txt for ${id}.\n`;
const editor = (id: string, sleep: number, later: string[] = []): string =>
  [
    'default_usage: { input: 10, output: 0 }',
    'runs:',
    '  1:',
    `    - sleep: ${sleep}`,
    `    - edit: { path: src/shared.txt, find: "line 3\\n", replace: "line 3 by ${id}\\n" }`,
    `    - commit: 'Edit ${id}'`,
    `    - result: { status: completed, summary: 'changed line 3 for ${id}' }`,
    '  default:',
    ...(later.length > 0 ? later : ["    - result: { status: completed, summary: 'nothing to do' }"]),
    '',
  ].join('\n');

describe('a conflict the agent does not resolve', () => {
  it('is named as a conflict by grove run, grove status, grove report and grove queue', () => {
    p = project(
      { a: editor('a', 200), b: editor('b', 900) },
      'run_overlapping: true\ngates:\n  test: [node, -e, "process.exit(0)"]\n',
      { a: owner('a'), b: owner('b') },
    );
    p.commit('shared', { 'src/shared.txt': `${LINES.join('\n')}\n` });
    const run = p.grove('run', '--no-dashboard');
    console.log(run.stdout, run.stderr);
    console.log(p.grove('status').stdout);
    console.log(p.grove('report').stdout);
    console.log(p.grove('queue').stdout);
    console.log(p.grove('events', 'b').stdout);
  }, 120_000);
});
