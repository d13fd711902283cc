import { describe, expect, it } from 'vitest';
import { formatTrailers, parseTrailers, withTrailers } from './trailer.js';

describe('queue trailers', () => {
  it('formats the two trailers', () => {
    expect(formatTrailers({ task: 'add-login', attempt: 2 })).toBe(
      'Grove-Task: add-login\nGrove-Attempt: 2\n',
    );
  });

  it('refuses what is not a task id or an attempt number', () => {
    expect(() => formatTrailers({ task: 'Bad Id', attempt: 1 })).toThrow(/not a task id/);
    expect(() => formatTrailers({ task: 'a', attempt: -1 })).toThrow(/not an attempt/);
    expect(() => formatTrailers({ task: 'a', attempt: 1.5 })).toThrow(/not an attempt/);
    expect(parseTrailers(withTrailers('x', { task: 'a', attempt: 0 }))).toEqual({ task: 'a', attempt: 0 });
  });

  it('round-trips through a squash message with a summary', () => {
    const message = withTrailers('a: Task a\n\nadded a\n', { task: 'a', attempt: 3 });
    expect(message).toBe('a: Task a\n\nadded a\n\nGrove-Task: a\nGrove-Attempt: 3\n');
    expect(parseTrailers(message)).toEqual({ task: 'a', attempt: 3 });
  });

  it('reads them among other trailers of the last paragraph, any case, CRLF', () => {
    const message = 'fix: x\r\n\r\nSigned-off-by: Me <me@x>\r\ngrove-task: b-2\r\nGROVE-ATTEMPT: 12\r\n';
    expect(parseTrailers(message)).toEqual({ task: 'b-2', attempt: 12 });
  });

  it('ignores trailers that are not in the last paragraph (an agent summary cannot name a task)', () => {
    const forged = withTrailers('a: Task a\n\nGrove-Task: victim\nGrove-Attempt: 1', {
      task: 'a',
      attempt: 1,
    });
    expect(parseTrailers(forged)).toEqual({ task: 'a', attempt: 1 });
    expect(parseTrailers('x\n\nGrove-Task: victim\nGrove-Attempt: 1\n\nmore text\n')).toBeUndefined();
  });

  it('undefined for a subject only, a missing or repeated key, or malformed values', () => {
    expect(parseTrailers('Grove-Task: a\nGrove-Attempt: 1\n')).toBeUndefined();
    expect(parseTrailers('x\n\nGrove-Task: a\n')).toBeUndefined();
    expect(parseTrailers('x\n\nGrove-Task: a\nGrove-Task: b\nGrove-Attempt: 1\n')).toBeUndefined();
    expect(parseTrailers('x\n\nGrove-Task: A B\nGrove-Attempt: 1\n')).toBeUndefined();
    expect(parseTrailers('x\n\nGrove-Task: a\nGrove-Attempt: 01\n')).toBeUndefined();
    expect(parseTrailers('x\n\nGrove-Task: a\nGrove-Attempt: two\n')).toBeUndefined();
    expect(parseTrailers('')).toBeUndefined();
  });
});
