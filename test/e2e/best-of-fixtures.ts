// A best-of task file (`pick`, attempts: 3) with one scripted agent script per attempt, a gate that
// fails on a BROKEN marker, and a task that depends on it: shared by the best-of tests.
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';

export const GATE = `gates:\n  test: [node, -e, "const fs=require('fs');for(const f of fs.readdirSync('src/pick'))if(fs.readFileSync('src/pick/'+f,'utf8').includes('BROKEN'))process.exit(1)"]\n`;

export function script(lines: number, broken = false, fix = false): string {
  const body = Array.from(
    { length: lines },
    (_, i) => `export const v${i} = ${broken ? "'BROKEN'" : i};`,
  ).join('\\n');
  const first = [
    `    - write: { path: src/pick/index.js, content: "${body}\\n" }`,
    `    - commit: 'Pick, ${lines} lines'`,
    `    - result: { status: completed, summary: 'wrote ${lines} lines' }`,
  ];
  if (!fix)
    return ['default_usage: { input: 100, output: 10 }', 'steps:', ...first.map((l) => l.slice(2)), ''].join(
      '\n',
    );
  return [
    'default_usage: { input: 100, output: 10 }',
    'runs:',
    '  1:',
    ...first,
    '  default:',
    `    - edit: { path: src/pick/index.js, find: "'BROKEN'", replace: "1" }`,
    `    - commit: 'Fix pick'`,
    `    - result: { status: completed, summary: 'fixed' }`,
    '',
  ].join('\n');
}

export function bestOfProject(scripts: [string, string, string], review: 'auto' | 'required'): GroveProject {
  return makeGroveProject({
    config: `${GATE}review:\n  code: ${review}\ncompound:\n  reflect: false\n`,
    files: {
      '.grove/tasks/pick.md':
        '---\nid: pick\ntitle: Pick one\nowns: ["src/pick/**"]\nattempts: 3\n---\nWrite src/pick.\n',
      '.grove/tasks/after.md':
        '---\nid: after\ntitle: After pick\nowns: ["src/after/**"]\ndepends_on: [pick]\n---\nAfter.\n',
      '.grove/scripts/pick-try1.yaml': scripts[0],
      '.grove/scripts/pick-try2.yaml': scripts[1],
      '.grove/scripts/pick-try3.yaml': scripts[2],
      '.grove/scripts/after.yaml': [
        'steps:',
        '  - write: { path: src/after/index.js, content: "export const a = 1;\\n" }',
        "  - commit: 'After'",
        "  - result: { status: completed, summary: 'after' }",
        '',
      ].join('\n'),
    },
  });
}
