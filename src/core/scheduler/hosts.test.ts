import { describe, expect, it } from 'vitest';
import { decideWithWaits } from './decide.js';
import type { SchedulerPolicy, SchedulerTask } from './snapshot.js';
import { NOW, TEST_POLICY, schedulerTask as task } from '../../../test/helpers/scheduler-task.js';

const HOSTS = { box1: 2, box2: 1 };

function starts(tasks: SchedulerTask[], policy: Partial<SchedulerPolicy> = {}) {
  const { decisions, waits } = decideWithWaits({
    tasks,
    policy: { ...TEST_POLICY, wip: 10, hostWip: HOSTS, ...policy },
    now: NOW,
  });
  return {
    started: decisions.flatMap((d) =>
      d.kind === 'start' ? [d.host === undefined ? d.taskId : `${d.taskId}@${d.host}`] : [],
    ),
    waits: waits.map((w) => w.message),
  };
}

describe('scheduler: hosts', () => {
  it('starts at most a host’s wip of its tasks; the rest wait, saying for which host', () => {
    const r = starts([
      task('a', 'running', { host: 'box1' }),
      task('b', 'ready', { host: 'box1' }),
      task('c', 'ready', { host: 'box1' }),
      task('d', 'ready'),
    ]);
    expect(r.started).toEqual(['b', 'd']);
    expect(r.waits).toEqual([expect.stringMatching(/^c waits for a free slot on host box1 \(its wip 2/)]);
  });

  it('spreads `host: any` tasks over the hosts by free slots, and waits when every host is full', () => {
    const any = (id: string) => task(id, 'ready', { host: 'any' });
    const r = starts([any('a'), any('b'), any('c'), any('d')]);
    // box1 has 2 free, box2 1: a → box1 (most free), b → box1 or box2 tie → box1 by name, then box2.
    expect(r.started).toEqual(['a@box1', 'b@box1', 'c@box2']);
    expect(r.waits).toEqual([expect.stringMatching(/^d \(host: any\) waits for a free slot/)]);
  });

  it('counts tasks already on a host: an `any` task goes where there is room', () => {
    const r = starts([
      task('x', 'verifying', { host: 'box1' }),
      task('y', 'fixing', { host: 'box1' }),
      task('a', 'ready', { host: 'any' }),
    ]);
    expect(r.started).toEqual(['a@box2']);
  });

  it('the global wip still applies on top of the hosts’', () => {
    const r = starts([task('a', 'ready', { host: 'box1' }), task('b', 'ready', { host: 'box2' })], {
      wip: 1,
    });
    expect(r.started).toEqual(['a']);
  });
});
