// Issue 20, specs are leverage: `grove plan` reviews each spec before anything spawns and says what
// would make it better, with file:line — and whether each accept command can really run in this
// repository (package.json scripts, files, programs on PATH). The real bin, a real temp repository.
import { describe, expect, it } from 'vitest';
import { afterEach } from 'vitest';
import { commandChecker } from '../../src/infra/spec/command-check.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const GOOD = [
  '---',
  'id: good',
  'title: Format prices',
  'owns: [src/format.js]',
  'accept: ["npm test", "node scripts/check.js"]',
  '---',
  '## Goal',
  '',
  'Add `formatPrice(cents)` in src/format.js returning a dollar string.',
  '',
  '## Acceptance criteria',
  '',
  '- `formatPrice(1250)` is `$12.50`',
  '',
].join('\n');

const SLOPPY = [
  '---',
  'id: sloppy',
  'title: Make it better',
  'owns: ["**"]',
  'accept: ["npm run e2e"]',
  '---',
  'Improve things.',
  '',
].join('\n');

function makeProject(): GroveProject {
  return makeGroveProject({
    config: '{}\n',
    files: {
      'package.json': JSON.stringify({ name: 'x', scripts: { test: 'node --test' } }),
      'scripts/check.js': 'process.exit(0);\n',
      '.grove/tasks/good.md': GOOD,
      '.grove/tasks/sloppy.md': SLOPPY,
    },
  });
}

describe('grove plan: spec review', () => {
  it('says what would make each spec better, with file:line, and still plans it', () => {
    p = makeProject();
    const plan = p.grove('plan');
    expect(plan.code, plan.stderr).toBe(0); // suggestions, not errors
    const out = plan.stdout;
    expect(out).toContain(
      'Spec review: 4 suggestions (the plan runs as it is; better specs make better work):',
    );
    expect(out).toContain(
      '.grove/tasks/sloppy.md:7: body: no acceptance criteria: the agent cannot tell when it is done, and the reviewer what to check',
    );
    expect(out).toContain(
      '.grove/tasks/sloppy.md:5: accept: accept command cannot run in this repository: package.json has no "e2e" script (it has: test)',
    );
    expect(out).toContain('.grove/tasks/sloppy.md:4: owns: owns "**": the whole repository');
    expect(out).toContain('.grove/tasks/sloppy.md:7: body: the goal is 2 words');
    expect(out).not.toContain('good.md:'); // nothing to say about the good one
    const json = JSON.parse(p.grove('plan', '--json').stdout) as {
      spec_review: Array<{ file: string; line: number; field: string; severity: string }>;
    };
    expect(json.spec_review.map((r) => `${r.file}:${r.line} ${r.field}`)).toEqual([
      '.grove/tasks/sloppy.md:7 body',
      '.grove/tasks/sloppy.md:5 accept',
      '.grove/tasks/sloppy.md:4 owns',
      '.grove/tasks/sloppy.md:7 body',
    ]);
    expect(new Set(json.spec_review.map((r) => r.severity))).toEqual(new Set(['warning']));
  });

  it('checks accept commands against the repository: scripts, files, npx and PATH', () => {
    p = makeProject();
    const missing = commandChecker(p.root, { PATH: process.env['PATH'] ?? '' });
    expect(missing('npm test')).toBeUndefined();
    expect(missing(['npm', 'run', 'lint'])).toBe('package.json has no "lint" script (it has: test)');
    expect(missing('node scripts/check.js')).toBeUndefined();
    expect(missing('node scripts/nope.js')).toBe('scripts/nope.js does not exist');
    expect(missing('node --test')).toBeUndefined();
    expect(missing('./run-me.sh')).toBe('./run-me.sh does not exist');
    expect(missing('git diff --quiet')).toBeUndefined(); // on PATH
    expect(missing('CI=1 git status')).toBeUndefined();
    expect(missing('no-such-tool-xyz --check')).toBe(
      'no-such-tool-xyz is not on PATH or in node_modules/.bin',
    );
    expect(missing('npx tsc --noEmit')).toMatch(/tsc is not installed in the repository/);
  });
});
