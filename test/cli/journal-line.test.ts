import { describe, expect, it } from 'vitest';
import type { JournalRow } from '../../src/infra/db/journal.js';
import { formatJournalLine, taskColumnWidth } from '../../src/cli/output/journal-line.js';

const row = (taskId: string, at: number): JournalRow =>
  ({
    id: 1,
    at,
    task_id: taskId,
    attempt_id: null,
    type: 'attempt',
    data: { phase: 'started', n: 1, kind: 'initial', agent: 'claude', adapter: 'claude' },
  }) as unknown as JournalRow;

describe('formatJournalLine', () => {
  it('keeps the sentence column in place for task ids longer than 14 characters', () => {
    const ids = ['a', 'add-login-with-oauth-providers'];
    const width = taskColumnWidth(ids);
    const lines = ids.map((id) => formatJournalLine(row(id, 0), width));
    const at = lines.map((l) => l.indexOf('attempt 1 started'));
    expect(at[0]).toBeGreaterThan(0);
    expect(at[0]).toBe(at[1]);
    expect(lines[0]).not.toMatch(/attempt +attempt/);
  });
});
