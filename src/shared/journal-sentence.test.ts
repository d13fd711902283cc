import { describe, expect, it } from 'vitest';
import type { ReadJournalEvent } from './journal-event.js';
import { journalSentence } from './journal-sentence.js';

const sha = (c: string): string => c.repeat(40);

describe('journalSentence', () => {
  it('says a merge-queue round in words: who was tried, how it went, where the base went', () => {
    const ev: ReadJournalEvent = {
      type: 'queue',
      data: {
        phase: 'round',
        round: 2,
        window: 2,
        baseBefore: sha('a'),
        baseAfter: sha('b'),
        candidates: [
          { size: 1, tasks: ['login'], commit: sha('c'), outcome: 'pass' },
          { size: 2, tasks: ['login', 'signup'], commit: null, outcome: 'conflict' },
        ],
        note: null,
      },
    };
    expect(journalSentence(ev)).toBe(
      'merge queue round 2: login pass, login+signup conflict; base aaaaaaa → bbbbbbb',
    );
  });

  it('says the rest of the queue, workspaces, scope and notes without JSON', () => {
    const sentences = (
      [
        { type: 'queue', data: { phase: 'enqueued' } },
        { type: 'queue', data: { phase: 'merged', result: 'merged', commit: sha('d'), detail: null } },
        {
          type: 'queue',
          data: { phase: 'rejected', result: 'conflict', commit: null, detail: 'conflicts in src/a.ts' },
        },
        {
          type: 'workspace',
          data: {
            action: 'created',
            worktree: '/r.grove/login',
            branch: 'grove/login',
            base: 'main',
            baseOid: sha('e'),
            port: 4101,
            copied: { files: 2, symlinks: 0, method: 'clone' },
            ms: 41.7,
          },
        },
        { type: 'scope', data: { paths: ['README.md'], owns: ['src/login/**'] } },
        { type: 'scope-approval', data: { paths: ['README.md'], by: 'cli' } },
        { type: 'note', data: { text: 'watch  the\nrate limiter' } },
        {
          type: 'conflict',
          data: { phase: 'new', a: 'login', b: 'signup', against: 'main', files: ['src/x.ts'] },
        },
      ] as ReadJournalEvent[]
    ).map(journalSentence);
    expect(sentences).toEqual([
      'joined the merge queue',
      'merge queue: merged as ddddddd',
      'merge queue: rejected (conflict): conflicts in src/a.ts',
      'worktree created at /r.grove/login on grove/login from main eeeeeee (2 ignored file(s) copied, port 4101, 42 ms)',
      'changed outside its owns: README.md (owns src/login/**)',
      'allowed beyond its owns by cli: README.md',
      'note: watch the rate limiter',
      'conflict predicted between login and signup in src/x.ts (against main)',
    ]);
    for (const s of sentences) expect(s).not.toMatch(/[{}"]/);
  });
});
