import { describe, expect, it } from 'vitest';
import { anchorComments } from './anchor.js';
import { checkApproval } from './approval.js';
import { parseNewSideLines } from './new-side-lines.js';
import { buildReviewPrompt } from './prompt.js';

const DIFF = [
  'diff --git a/src/a.ts b/src/a.ts',
  'index 1111111..2222222 100644',
  '--- a/src/a.ts',
  '+++ b/src/a.ts',
  '@@ -1,4 +1,5 @@',
  ' export const one = 1;',
  '-export const two = 2;',
  '+export const two = 22;',
  '+export const three = 3;',
  ' export const four = 4;',
  ' ',
  '@@ -20,2 +21,2 @@ function tail()',
  '-  return 1;',
  '+  return 2;',
  '   // end',
  '\\ No newline at end of file',
  'diff --git a/old.ts b/gone.ts',
  'deleted file mode 100644',
  'index 3333333..0000000',
  '--- a/gone.ts',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-bye',
  'diff --git a/new file.ts b/new file.ts',
  'new file mode 100644',
  '--- /dev/null',
  '+++ b/new file.ts',
  '@@ -0,0 +1,2 @@',
  '+++ counter;',
  '+--x;',
  'diff --git "a/tab\\there.ts" "b/tab\\there.ts"',
  '--- "a/tab\\there.ts"',
  '+++ "b/tab\\there.ts"',
  '@@ -1 +1 @@',
  '-a',
  '+b',
  '',
].join('\n');

describe('parseNewSideLines', () => {
  const lines = parseNewSideLines(DIFF);

  it('numbers added and context lines of the new side, hunk by hunk', () => {
    expect([...(lines.get('src/a.ts') ?? new Map())]).toEqual([
      [1, 'export const one = 1;'],
      [2, 'export const two = 22;'],
      [3, 'export const three = 3;'],
      [4, 'export const four = 4;'],
      [5, ''],
      [21, '  return 2;'],
      [22, '  // end'],
    ]);
  });

  it('leaves deleted files out, and reads added lines that look like headers as code', () => {
    expect(lines.has('gone.ts')).toBe(false);
    expect([...(lines.get('new file.ts') ?? new Map())]).toEqual([
      [1, '++ counter;'],
      [2, '--x;'],
    ]);
  });

  it("undoes git's quoting of unusual paths", () => {
    expect(lines.get('tab\there.ts')?.get(1)).toBe('b');
  });
});

describe('anchorComments', () => {
  const lines = parseNewSideLines(DIFF);

  it('quotes the code of each line commented on', () => {
    expect(
      anchorComments(lines, [
        { file: 'src/a.ts', line: 3 },
        { file: 'src/a.ts', line: 22 },
      ]),
    ).toEqual({
      kind: 'anchored',
      comments: [
        { file: 'src/a.ts', line: 3, quoted: 'export const three = 3;' },
        { file: 'src/a.ts', line: 22, quoted: '  // end' },
      ],
    });
  });

  it('refuses a line the diff does not show, naming the lines it does', () => {
    expect(anchorComments(lines, [{ file: 'src/a.ts', line: 10 }])).toEqual({
      kind: 'invalid',
      message: "line 10 of src/a.ts is not in the task's diff",
      hint: 'comment on a line the diff shows (new side): 1-5, 21-22; see `grove review`',
    });
  });

  it('refuses a file the task does not change, and a line that is not a number', () => {
    const notChanged = anchorComments(lines, [{ file: 'README.md', line: 1 }]);
    expect(notChanged).toEqual({
      kind: 'invalid',
      message: 'README.md is not changed by the task, so README.md:1 is not in its diff',
      hint: 'files in the diff: new file.ts, src/a.ts, tab\there.ts',
    });
    expect(anchorComments(lines, [{ file: 'src/a.ts', line: 0 }])).toMatchObject({ kind: 'invalid' });
    expect(anchorComments(lines, [{ file: 'gone.ts', line: 1 }])).toMatchObject({ kind: 'invalid' });
  });

  it('anchors nothing when there are no comments', () => {
    expect(anchorComments(new Map(), [])).toEqual({ kind: 'anchored', comments: [] });
  });
});

describe('checkApproval', () => {
  it('stands only for the commit approved', () => {
    expect(checkApproval({ commit: 'aaaa1111bbbb', voided: false }, 'aaaa1111bbbb')).toEqual({
      kind: 'stands',
      commit: 'aaaa1111bbbb',
    });
    expect(checkApproval({ commit: 'aaaa1111bbbb', voided: false }, 'cccc2222dddd')).toEqual({
      kind: 'moved',
      approved: 'aaaa1111bbbb',
      tip: 'cccc2222dddd',
      message: 'the approval was for aaaa1111, the branch is now at cccc2222',
    });
    expect(checkApproval({ commit: 'aaaa1111bbbb', voided: true }, 'aaaa1111bbbb')).toEqual({ kind: 'none' });
    expect(checkApproval(undefined, 'aaaa1111bbbb')).toEqual({ kind: 'none' });
    expect(checkApproval({ commit: 'aaaa1111bbbb', voided: false }, null).kind).toBe('moved');
  });
});

describe('buildReviewPrompt', () => {
  it('holds the message and each comment as file:line, the quoted code and the words', () => {
    const prompt = buildReviewPrompt({
      message: '  tidy up  ',
      round: 2,
      comments: [{ file: 'src/a.ts', line: 3, quoted: 'export const three = 3;', text: 'rename it' }],
    });
    expect(prompt).toContain('review round 2');
    expect(prompt).toContain('\ntidy up\n');
    expect(prompt).toContain('src/a.ts:3\n> export const three = 3;\nrename it');
  });
});
