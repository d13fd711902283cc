import { describe, expect, it } from 'vitest';
import { applyAccepted, ensureClaudeImport, listBullets } from './agents-md.js';

const DOC = `# Project

Intro text.

## STYLE

- Use kebab-case file names.

## GOTCHAS

- Run npm ci before the tests.

## TEST_STRATEGY

- Real git in temp repos.
`;

/** Every byte of `before` appears in `after` in order, and only whole `- ` lines were added. */
function onlyBulletsAdded(before: string, after: string): boolean {
  const a = before.split(/(?<=\n)/);
  const b = after.split(/(?<=\n)/);
  let i = 0;
  for (const line of b) {
    if (i < a.length && (line === a[i] || (i === a.length - 1 && line.startsWith(a[i] ?? '\0')))) i += 1;
    else if (!/^(- .*|## [A-Z_]+|)\r?\n?$/.test(line)) return false;
  }
  return i === a.length;
}

describe('applyAccepted', () => {
  it('adds a bullet at the end of its section and nothing else', () => {
    const r = applyAccepted(DOC, [{ section: 'GOTCHAS', entry: 'Close the db before exit.' }]);
    expect(r.text).toBe(
      DOC.replace(
        '- Run npm ci before the tests.\n',
        '- Run npm ci before the tests.\n- Close the db before exit.\n',
      ),
    );
    expect(r.added).toEqual([{ section: 'GOTCHAS', entry: 'Close the db before exit.' }]);
    expect(r.inserted).toEqual([{ line: 12, text: '- Close the db before exit.' }]);
    expect(r.text.split('\n')[11]).toBe('- Close the db before exit.');
  });

  it('lists every inserted line, including a new section', () => {
    const r = applyAccepted('# T', [{ section: 'GOTCHAS', entry: 'g' }]);
    expect(r.inserted).toEqual([
      { line: 2, text: '' },
      { line: 3, text: '## GOTCHAS' },
      { line: 4, text: '' },
      { line: 5, text: '- g' },
    ]);
  });

  it('handles sections in any order and several entries at once', () => {
    const doc = `## TEST_STRATEGY\n\n- a\n\n## STYLE\n- b\n`;
    const r = applyAccepted(doc, [
      { section: 'STYLE', entry: 's1' },
      { section: 'TEST_STRATEGY', entry: 't1' },
      { section: 'STYLE', entry: 's2' },
    ]);
    expect(r.text).toBe(`## TEST_STRATEGY\n\n- a\n- t1\n\n## STYLE\n- b\n- s1\n- s2\n`);
  });

  it('creates a missing section at the end', () => {
    const r = applyAccepted(DOC, [{ section: 'ARCH_DECISIONS', entry: 'core is pure.' }]);
    expect(r.text).toBe(`${DOC}\n## ARCH_DECISIONS\n\n- core is pure.\n`);
  });

  it('creates the file content from nothing', () => {
    expect(applyAccepted('', [{ section: 'STYLE', entry: 'x' }]).text).toBe('## STYLE\n\n- x\n');
  });

  it('keeps CRLF line endings', () => {
    const crlf = DOC.replace(/\n/g, '\r\n');
    const r = applyAccepted(crlf, [
      { section: 'STYLE', entry: 'new style' },
      { section: 'ARCH_DECISIONS', entry: 'new arch' },
    ]);
    expect(r.text).toBe(
      crlf
        .replace('- Use kebab-case file names.\r\n', '- Use kebab-case file names.\r\n- new style\r\n')
        .concat('\r\n## ARCH_DECISIONS\r\n\r\n- new arch\r\n'),
    );
    expect(r.text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('keeps a missing final newline when adding to the last section', () => {
    const doc = DOC.trimEnd();
    const r = applyAccepted(doc, [{ section: 'TEST_STRATEGY', entry: 'No sleeps.' }]);
    expect(r.text).toBe(`${doc}\n- No sleeps.`);
    expect(r.text.endsWith('\n')).toBe(false);
  });

  it('adds to a middle section of a file without a final newline, leaving its end alone', () => {
    const doc = DOC.trimEnd();
    const r = applyAccepted(doc, [{ section: 'STYLE', entry: 'x' }]);
    expect(r.text.endsWith('- Real git in temp repos.')).toBe(true);
    expect(onlyBulletsAdded(doc, r.text)).toBe(true);
  });

  it('appends a section after a file without a final newline', () => {
    expect(applyAccepted('# T', [{ section: 'GOTCHAS', entry: 'g' }]).text).toBe(
      '# T\n\n## GOTCHAS\n\n- g\n',
    );
  });

  it.each([
    ['heading then blank then next heading', '## STYLE\n\n## GOTCHAS\n', '## STYLE\n\n- x\n\n## GOTCHAS\n'],
    ['heading then next heading', '## STYLE\n## GOTCHAS\n', '## STYLE\n\n- x\n\n## GOTCHAS\n'],
    ['heading at the end', '## STYLE\n', '## STYLE\n\n- x\n'],
    ['heading at the end, no newline', '## STYLE', '## STYLE\n\n- x'],
    ['heading, blank, end', '## STYLE\n\n', '## STYLE\n\n- x\n'],
    ['heading, two blanks, next', '## STYLE\n\n\n## GOTCHAS', '## STYLE\n\n- x\n\n## GOTCHAS'],
  ])('fills an empty section: %s', (_name, doc, expected) => {
    expect(applyAccepted(doc, [{ section: 'STYLE', entry: 'x' }]).text).toBe(expected);
  });

  it('does not re-add a bullet the section has (case, spacing, final period ignored)', () => {
    const r = applyAccepted(DOC, [
      { section: 'GOTCHAS', entry: 'run npm ci  before the tests' },
      { section: 'GOTCHAS', entry: 'New one' },
      { section: 'GOTCHAS', entry: 'new one.' },
    ]);
    expect(r.added).toEqual([{ section: 'GOTCHAS', entry: 'New one' }]);
    expect(r.skipped.map((s) => s.reason)).toEqual(['duplicate', 'duplicate']);
    expect(r.text.match(/npm ci/g)).toHaveLength(1);
  });

  it('returns the file unchanged, byte for byte, when nothing is added', () => {
    const r = applyAccepted(DOC, [
      { section: 'STYLE', entry: 'Use kebab-case file names.' },
      { section: 'STYLE', entry: '  ' },
    ]);
    expect(r.text).toBe(DOC);
    expect(r.skipped.map((s) => s.reason)).toEqual(['duplicate', 'empty']);
  });

  it('matches headings case-insensitively and leaves ### subsections inside the section', () => {
    const doc = '## Gotchas\n- a\n### detail\n- b\n## Style\n- c\n';
    expect(applyAccepted(doc, [{ section: 'GOTCHAS', entry: 'z' }]).text).toBe(
      '## Gotchas\n- a\n### detail\n- b\n- z\n## Style\n- c\n',
    );
  });

  it('ignores headings inside code fences', () => {
    const doc = '## STYLE\n- a\n```md\n## GOTCHAS\n```\n';
    const r = applyAccepted(doc, [{ section: 'GOTCHAS', entry: 'g' }]);
    expect(r.text).toBe(`${doc}\n## GOTCHAS\n\n- g\n`);
  });

  it('puts one-line entries only', () => {
    const r = applyAccepted('', [{ section: 'STYLE', entry: 'two\nlines' }]);
    expect(r.text).toBe('## STYLE\n\n- two lines\n');
  });
});

describe('listBullets', () => {
  it('lists bullets with their section', () => {
    expect(listBullets(DOC)).toEqual([
      { section: 'STYLE', text: 'Use kebab-case file names.' },
      { section: 'GOTCHAS', text: 'Run npm ci before the tests.' },
      { section: 'TEST_STRATEGY', text: 'Real git in temp repos.' },
    ]);
  });
});

describe('ensureClaudeImport', () => {
  it.each([
    [undefined, '@AGENTS.md\n', true],
    ['', '@AGENTS.md\n', true],
    ['# Claude\n', '# Claude\n@AGENTS.md\n', true],
    ['# Claude', '# Claude\n@AGENTS.md\n', true],
    ['# Claude\r\nrules\r\n', '# Claude\r\nrules\r\n@AGENTS.md\r\n', true],
    ['@AGENTS.md\n# Claude\n', '@AGENTS.md\n# Claude\n', false],
    ['# C\n  @./AGENTS.md  \n', '# C\n  @./AGENTS.md  \n', false],
    ['see @AGENTS.md for more\n', 'see @AGENTS.md for more\n@AGENTS.md\n', true],
  ])('%j', (input, text, changed) => {
    expect(ensureClaudeImport(input)).toEqual({ text, changed });
  });
});
