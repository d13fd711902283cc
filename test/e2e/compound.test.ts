import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LearningProposal } from '../../src/core/learnings/index.js';
import { LearningStore } from '../../src/infra/db/learning-store.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { project, startLoop } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const FIXER = [
  'default_usage: { input: 0, output: 0 }',
  'runs:',
  '  1:',
  '    - write: { path: src/f/value.txt, content: "broken\\n" }',
  '      usage: { input: 700, output: 30 }',
  "    - commit: 'first try'",
  // The commits a second away from the gate run, so git's whole-second times place them for sure.
  '    - sleep: 1100',
  "    - result: { summary: 'first try' }",
  '  default:',
  '    - sleep: 1100',
  '    - edit: { path: src/f/value.txt, find: broken, replace: fixed }',
  '      usage: { input: 900, output: 40 }',
  "    - commit: 'fix'",
  "    - result: { summary: 'fixed' }",
  '',
].join('\n');

const reporter = (id: string, lesson: string, input: number): string =>
  [
    'default_usage: { input: 0, output: 0 }',
    'steps:',
    `  - write: { path: src/${id}/index.js, content: "export const v = 1;\\n" }`,
    `    usage: { input: ${input}, output: 10 }`,
    `  - commit: 'Add ${id}'`,
    `  - result: { status: completed, summary: 'added ${id}', learnings: ['${lesson}'] }`,
    '',
  ].join('\n');

const AGENTS =
  '# AGENTS.md\n\n## STYLE\n- Keep functions small.\n\n## GOTCHAS\n- Old gotcha.\n\n## TEST_STRATEGY\n- Unit tests first.\n';

describe('compound: learnings from a cycle', () => {
  it('proposes the fix loop as a GOTCHA, merges a shared lesson, and edits only that section of AGENTS.md', async () => {
    p = project(
      {
        f: FIXER,
        a: reporter('a', 'Run the tests with node --test before finishing', 1000),
        b: reporter('b', 'Run tests with node --test before finishing.', 2000),
      },
      // The gate: src/f/value.txt must say "fixed" (other tasks do not have it).
      `gates:\n  test: [sh, -c, 'test ! -f src/f/value.txt || grep -q fixed src/f/value.txt || { printf "\\033[31mError: value is broken, expected fixed\\033[39m\\n"; exit 1; }']\n`,
    );
    writeFileSync(join(p.root, 'AGENTS.md'), AGENTS);
    p.commit('agents file');
    const { ctx, loop } = await startLoop(p.root);
    try {
      expect((await loop.whenDone()).merged.sort()).toEqual(['a', 'b', 'f']);
      // The run loop gathered the cycle's proposals itself.
      const gathered = new LearningStore(ctx.db).list();
      expect(gathered.some((x) => x.evidence.some((e) => e.source === 'fix-loop'))).toBe(true);
    } finally {
      await loop.stop();
      ctx.close();
    }
    const listed = p.grove('retro', '--json');
    expect(listed.code).toBe(0);
    const proposals = JSON.parse(listed.stdout) as LearningProposal[];
    const fix = proposals.find((x) => x.evidence.some((e) => e.source === 'fix-loop'));
    expect(fix?.section).toBe('GOTCHAS');
    // The gate printed its error in red: the lesson has the words, not the escape codes.
    expect(fix?.entry).toContain('value is broken');
    expect(fix?.entry).not.toContain(String.fromCharCode(27));
    expect(fix?.entry).not.toContain('[31m');
    expect(fix?.evidence).toEqual([
      {
        task: 'f',
        source: 'fix-loop',
        files: ['src/f/value.txt'],
        // The diff between the failing and the passing commit.
        commit: p.git('rev-parse', '--short=12', 'grove/f').trim(),
        stat: '1 file changed, 1 insertion(+), 1 deletion(-)',
      },
    ]);
    const shared = proposals.filter((x) => x.evidence.some((e) => e.source === 'agent'));
    expect(shared).toHaveLength(1);
    expect(shared[0]!.evidence.map((e) => e.task).sort()).toEqual(['a', 'b']);

    // Rejecting leaves AGENTS.md byte-identical.
    expect(p.grove('retro', '--reject', shared[0]!.id).code).toBe(0);
    expect(readFileSync(join(p.root, 'AGENTS.md'), 'utf8')).toBe(AGENTS);
    // Accepting adds one bullet under GOTCHAS and changes nothing else.
    const accepted = p.grove('retro', '--accept', fix!.id, '--commit');
    expect(accepted.code).toBe(0);
    const after = readFileSync(join(p.root, 'AGENTS.md'), 'utf8');
    expect(after).toBe(AGENTS.replace('- Old gotcha.\n', `- Old gotcha.\n- ${fix!.entry}\n`));
    expect(p.git('log', '-1', '--format=%s').trim()).toBe('AGENTS.md: 1 learning from grove cycle 1');

    // The report's token totals equal the scripted usage.
    const report = JSON.parse(p.grove('report', '--cycle', '1', '--json').stdout) as {
      cycle: number;
      tasks: Array<{ id: string; tokens: { input: number } }>;
      totals: { learnings: Record<string, number> };
    };
    expect(report.cycle).toBe(1);
    expect(report.totals.learnings).toMatchObject({ accepted: 1, rejected: 1 });
    expect(Object.fromEntries(report.tasks.map((t) => [t.id, t.tokens.input]))).toEqual({
      a: 1000,
      b: 2000,
      f: 1600,
    });
  });
});
