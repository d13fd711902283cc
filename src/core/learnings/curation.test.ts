import { describe, expect, it } from 'vitest';
import { removeEntry } from './agents-md.js';
import { agentsMdSize, describeSize, mayContradict } from './curation.js';

const MD = [
  '# AGENTS.md',
  '',
  '## STYLE',
  '- Plain ES modules, no dependencies.',
  '- Use named exports.',
  '',
  '## GOTCHAS',
  '- Never format money with plain division: pad cents with toFixed(2).',
  '```',
  '- not an entry (a code fence)',
  '```',
  '',
].join('\n');

describe('AGENTS.md curation', () => {
  it('measures the file against its budget and says what is over', () => {
    const size = agentsMdSize(MD, { maxLines: 20, maxEntriesPerSection: 5 });
    expect(size).toMatchObject({ lines: 11, over: [] });
    expect(size.sections).toEqual([
      { name: 'STYLE', entries: 2, max: 5 },
      { name: 'GOTCHAS', entries: 1, max: 5 },
    ]);
    expect(describeSize(size)).toBe('AGENTS.md: 11 of 20 lines; entries per section: STYLE 2/5, GOTCHAS 1/5');
    expect(agentsMdSize(MD, { maxLines: 10, maxEntriesPerSection: 1 }).over).toEqual([
      'AGENTS.md has 11 lines, over its budget of 10',
      'STYLE has 2 entries, over its budget of 1',
    ]);
  });

  it('flags a proposal that says the opposite of an entry about the same thing', () => {
    expect(mayContradict('Format money with plain division of cents', MD)).toEqual([
      'Never format money with plain division: pad cents with toFixed(2).',
    ]);
    expect(mayContradict('Avoid named exports', MD)).toEqual(['Use named exports.']);
    expect(mayContradict('Never use default exports; use named exports', MD)).toEqual([]); // agrees
    // Same polarity, or another topic: nothing to flag.
    expect(mayContradict('Pad cents with toFixed(2) when formatting money', MD)).toEqual([]);
    expect(mayContradict('Do not add dependencies to tests', MD)).toEqual([]);
  });

  it('retires an entry byte for byte, and says when there is none', () => {
    const r = removeEntry(MD, 'use named exports');
    expect(r.removed).toBe(true);
    expect(r.text).toBe(MD.replace('- Use named exports.\n', ''));
    expect(removeEntry(MD, 'not an entry (a code fence)')).toEqual({ text: MD, removed: false });
    const crlf = '## STYLE\r\n- a\r\n- b';
    expect(removeEntry(crlf, 'b').text).toBe('## STYLE\r\n- a');
  });
});
