import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findNewSession,
  parseCreateOutput,
  parseSessionJson,
  parseSessionListJson,
  sessionPhase,
} from './gh-agent-task.js';

const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, '../../../../test/fixtures/gh-agent-task', name), 'utf8');

describe('reading gh agent-task output', () => {
  it('reads the session URL create prints, and the queued-job line when no pull request exists yet', () => {
    expect(parseCreateOutput(fixture('create-session.txt'))).toEqual({
      kind: 'session',
      pullRequestNumber: 42,
      sessionId: 'e2fa49d2-f164-4a56-ab99-498090b8fcdf',
      url: 'https://github.com/acme/widgets/pull/42/agent-sessions/e2fa49d2-f164-4a56-ab99-498090b8fcdf',
    });
    expect(parseCreateOutput(fixture('create-queued.txt'))).toEqual({ kind: 'queued', jobId: '1a2b3c4d' });
    expect(parseCreateOutput('Error: something else\n')).toBeUndefined();
  });

  it('reads view --json and list --json (null pull request fields are absent, not zero)', () => {
    expect(parseSessionJson(fixture('view.json'))).toMatchObject({
      id: 'e2fa49d2-f164-4a56-ab99-498090b8fcdf',
      state: 'completed',
      pullRequestNumber: 42,
    });
    const list = parseSessionListJson(fixture('list.json'))!;
    expect(list.map((s) => s.state)).toEqual(['queued', 'completed']);
    expect(list[0]!.pullRequestNumber).toBeUndefined();
    expect(parseSessionJson('not json')).toBeUndefined();
    expect(parseSessionListJson('{"id":"x"}')).toBeUndefined();
  });

  it('maps every state gh names to working, waiting, done or failed', () => {
    expect(['queued', 'in_progress', 'idle', 'some_new_state'].map(sessionPhase)).toEqual([
      'working',
      'working',
      'working',
      'working',
    ]);
    expect(sessionPhase('waiting_for_user')).toBe('waiting');
    expect(sessionPhase('completed')).toBe('done');
    expect(['failed', 'timed_out', 'cancelled'].map(sessionPhase)).toEqual(['failed', 'failed', 'failed']);
  });

  it('finds the session a create started: the newest since then, not one already taken, on the pull request asked', () => {
    const list = parseSessionListJson(fixture('list.json'))!;
    const since = new Date('2026-11-30T11:00:00Z');
    expect(findNewSession(list, since)?.id).toBe('0c6d2f0e-8a4b-4f3e-9d57-3b1f0e2a7c11');
    expect(
      findNewSession(list, since, { taken: new Set(['0c6d2f0e-8a4b-4f3e-9d57-3b1f0e2a7c11']) }),
    ).toBeUndefined();
    expect(findNewSession(list, new Date('2026-11-30T10:00:00Z'), { pullRequestNumber: 42 })?.name).toBe(
      'Add input validation to POST /users',
    );
  });
});
