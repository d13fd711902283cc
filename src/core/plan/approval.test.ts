import { describe, expect, it } from 'vitest';
import { describeUnapproved, planApproved, planWaitMessage, specApprovals } from './approval.js';

const spec = (id: string, hash: string): { id: string; file: string; hash: string } => ({
  id,
  file: `.grove/tasks/${id}.md`,
  hash,
});

describe('plan approval: each spec against the latest approval', () => {
  it('nothing approved yet: every spec is new and the plan is not approved', () => {
    const approvals = specApprovals([spec('a', 'h1'), spec('b', 'h2')], undefined);
    expect(approvals.map((a) => a.status)).toEqual(['new', 'new']);
    expect(planApproved(approvals)).toBe(false);
  });

  it('a spec whose hash is the approved one is approved; another hash is changed; an id not approved is new', () => {
    const approved = new Map([
      ['a', 'h1'],
      ['b', 'h2'],
    ]);
    const approvals = specApprovals([spec('a', 'h1'), spec('b', 'h2-edited'), spec('c', 'h3')], approved);
    expect(approvals).toEqual([
      { id: 'a', file: '.grove/tasks/a.md', status: 'approved' },
      { id: 'b', file: '.grove/tasks/b.md', status: 'changed' },
      { id: 'c', file: '.grove/tasks/c.md', status: 'new' },
    ]);
    expect(planApproved(approvals)).toBe(false);
    expect(describeUnapproved(approvals)).toBe(
      '.grove/tasks/b.md changed since the approval; .grove/tasks/c.md is new',
    );
  });

  it('every spec as approved: the plan is approved (a task approved then removed does not matter)', () => {
    const approved = new Map([
      ['a', 'h1'],
      ['gone', 'h9'],
    ]);
    const approvals = specApprovals([spec('a', 'h1')], approved);
    expect(planApproved(approvals)).toBe(true);
    expect(describeUnapproved(approvals)).toBe('');
  });

  it('the wait names the task and its file', () => {
    expect(planWaitMessage('b', { id: 'b', file: '.grove/tasks/b.md', status: 'changed' })).toBe(
      'b waits for plan approval: its spec .grove/tasks/b.md changed since the plan was approved',
    );
    expect(planWaitMessage('c', { id: 'c', file: '.grove/tasks/c.md', status: 'new' })).toBe(
      'c waits for plan approval: its spec .grove/tasks/c.md is not approved yet',
    );
    expect(planWaitMessage('x', undefined)).toBe('x waits for plan approval: it has no task file');
  });
});
