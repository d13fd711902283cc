import { describe, expect, it } from 'vitest';
import {
  isSafeSessionId,
  refusedSessionNote,
  safeSessionId,
  sessionEvents,
  sessionIdProblem,
} from '../../../src/infra/agents/session-id.js';

// Ids as the real CLIs and grove's own fakes report them (see the parser tests and fixtures).
const REAL_IDS = [
  '8f3c2a10-5b7e-4c1d-9a2b-0e6f4d3c2b1a', // Claude Code (UUID)
  '01a22064-0683-7a91-bf5d-819d7f2061b1', // Codex thread id (UUIDv7)
  '0f36b1db-954b-4049-9bee-a9a9e5cec634', // Gemini CLI
  'latest', // gemini --resume latest
  '3', // gemini --resume <index>
  's-1',
  'sess_agent.1:2',
  'a'.repeat(200),
];

describe('session id check', () => {
  it.each(REAL_IDS)('accepts the real id format %s', (id) => {
    expect(sessionIdProblem(id)).toBeUndefined();
    expect(isSafeSessionId(id)).toBe(true);
    expect(safeSessionId(id)).toBe(id);
  });

  it.each([
    ['--dangerously-skip-permissions', /starts with "-".*flag/],
    ['-r', /starts with "-"/],
    ['', /empty/],
    ['a'.repeat(201), /201 characters long \(at most 200\)/],
    ['abc def', /whitespace or control/],
    ['abc\ndef', /whitespace or control/],
    ['abc\tdef', /whitespace or control/],
    ['abc\u0000', /whitespace or control/],
    ['abc\u001b[31m', /whitespace or control/],
    ['abc\u007f', /whitespace or control/],
    ['a;rm -rf /', /whitespace or control/],
    ['a;b', /characters other than/],
    ['$(id)', /characters other than/],
    ['../../etc/passwd', /characters other than/],
    ['sessão', /characters other than/],
  ])('refuses %j with a reason', (id, reason) => {
    expect(sessionIdProblem(id)).toMatch(reason);
    expect(isSafeSessionId(id)).toBe(false);
    expect(safeSessionId(id)).toBeUndefined();
  });

  it('treats no id as not safe (nothing to resume)', () => {
    expect(isSafeSessionId(undefined)).toBe(false);
    expect(isSafeSessionId(null)).toBe(false);
    expect(refusedSessionNote(null)).toBeUndefined();
    expect(refusedSessionNote(undefined)).toBeUndefined();
  });

  it('a parser records a safe id as the session and turns an unsafe one into an error, never a session', () => {
    expect(sessionEvents('s-1', 'm')).toEqual([{ kind: 'session', sessionId: 's-1', model: 'm' }]);
    expect(sessionEvents('s-1')).toEqual([{ kind: 'session', sessionId: 's-1' }]);
    const events = sessionEvents('--dangerously-skip-permissions', 'm');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'error' });
    expect(events[0]?.kind === 'error' && events[0].message).toMatch(
      /ignored the session id "--dangerously-skip-permissions".*flag.*fresh session/,
    );
  });

  it('says why a stored id is not resumed, showing it escaped and clipped', () => {
    expect(refusedSessionNote('s-1')).toBeUndefined();
    expect(refusedSessionNote('--x')).toMatch(
      /stored session id "--x" is not resumed \(.*flag\); a fresh session starts/,
    );
    const note = refusedSessionNote(`a\n${'b'.repeat(300)}`) ?? '';
    expect(note).toContain('"a\\nbbb');
    expect(note).not.toContain('\n');
    expect(note.length).toBeLessThan(250);
  });
});
