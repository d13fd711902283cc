import { describe, expect, it } from 'vitest';
import type { TaskState } from '../../shared/task-state.js';
import type { SpecApproval } from '../plan/approval.js';
import { decideWithWaits } from './decide.js';
import type { Decision } from './decision.js';
import type { SchedulerPolicy, SchedulerTask } from './snapshot.js';
import { NOW, TEST_POLICY, schedulerTask } from '../../../test/helpers/scheduler-task.js';

const POLICY: SchedulerPolicy = { ...TEST_POLICY, reviewPlan: 'required' };

const spec = (id: string, status: SpecApproval['status']): SpecApproval => ({
  id,
  file: `.grove/tasks/${id}.md`,
  status,
});

function task(id: string, state: TaskState, plan: SpecApproval | undefined): SchedulerTask {
  return schedulerTask(id, state, { attemptStartedAt: null, lastOutputAt: null, ...(plan ? { plan } : {}) });
}

const brief = (ds: Decision[]): string[] =>
  ds.map((d) => (d.kind === 'done' ? 'done' : `${d.kind}:${d.taskId}`));
const run = (tasks: SchedulerTask[], policy: SchedulerPolicy = POLICY): ReturnType<typeof decideWithWaits> =>
  decideWithWaits({ tasks, policy, now: NOW });

describe('scheduler: with review.plan required, only tasks whose spec is approved start', () => {
  it('an approved task starts; a changed, a new and a file-less one wait, each with its reason (all start with auto)', () => {
    const tasks = [
      task('a', 'ready', spec('a', 'approved')),
      task('b', 'ready', spec('b', 'changed')),
      task('c', 'ready', spec('c', 'new')),
      task('d', 'ready', undefined),
    ];
    const { decisions, waits } = run(tasks);
    expect(brief(decisions)).toEqual(['start:a']);
    expect(waits.map((w) => [w.taskId, w.waiting])).toEqual([
      ['b', 'plan-approval'],
      ['c', 'plan-approval'],
      ['d', 'plan-approval'],
    ]);
    expect(waits[0]?.message).toBe(
      'b waits for plan approval: its spec .grove/tasks/b.md changed since the plan was approved',
    );
    // review.plan auto (or left out): approval does not matter.
    const auto = { ...POLICY, wip: 4, reviewPlan: 'auto' } as const;
    expect(brief(run(tasks, auto).decisions)).toEqual(['start:a', 'start:b', 'start:c', 'start:d']);
    const { reviewPlan: _left, ...without } = auto;
    expect(run(tasks, without).waits).toEqual([]);
  });

  it('nothing approved: nothing starts and, nothing else able to move, the step is done naming them', () => {
    const { decisions, waits } = run([
      task('a', 'ready', spec('a', 'new')),
      task('b', 'planned', spec('b', 'new')),
    ]);
    // b becomes ready (ready is not a start); neither starts.
    expect(brief(decisions)).toEqual(['mark-ready:b']);
    expect(waits.map((w) => w.taskId)).toEqual(['a', 'b']);
    const after = run([task('a', 'ready', spec('a', 'new')), task('b', 'ready', spec('b', 'new'))]);
    expect(after.decisions).toMatchObject([{ kind: 'done', needsPerson: ['a', 'b'] }]);
  });

  it('a reassigned task does not start a fresh session from a spec changed since the approval', () => {
    const { decisions, waits } = run([task('a', 'reassigned', spec('a', 'changed'))]);
    expect(brief(decisions)).toEqual([]);
    expect(waits.map((w) => [w.taskId, w.waiting])).toEqual([['a', 'plan-approval']]);
  });

  it('a waiting task takes no WIP slot: the approved ones after it start', () => {
    const tasks = [
      task('a', 'ready', spec('a', 'changed')),
      task('b', 'ready', spec('b', 'approved')),
      task('c', 'ready', spec('c', 'approved')),
    ];
    expect(brief(run(tasks, { ...POLICY, wip: 2 }).decisions)).toEqual(['start:b', 'start:c']);
  });
});
