import { describe, expect, it } from 'vitest';
import { ReportViewSchema } from '../../shared/api.js';
import type { TaskState } from '../../shared/task-state.js';
import { buildCycleReport } from './build.js';
import { formatCount, formatDuration, formatPercent, formatUsd } from './format.js';
import type { ReportGateRun, ReportInput, ReportTaskInput, ReportTransition } from './input.js';
import { renderReportMarkdown } from './render.js';
import { toReportView } from './view.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 28, 4, 0, 0);

function path(steps: Array<[TaskState, number]>): ReportTransition[] {
  let from: TaskState | null = null;
  return steps.map(([to, minute]) => {
    const t: ReportTransition = { from, to, at: T0 + minute * MIN, cause: `to ${to}` };
    from = to;
    return t;
  });
}
const gate = (name: string, ok: boolean, minute: number): ReportGateRun => ({
  gate: name,
  ok,
  at: T0 + minute * MIN,
  durationMs: 1000,
});
const usage = (input: number, output: number, costUsd = 0) => ({
  input,
  output,
  cacheRead: 7,
  cacheWrite: 3,
  costUsd,
});

const fixedOnce: ReportTaskInput = {
  id: 'add-login',
  title: 'Add login',
  agent: 'scripted',
  transitions: path([
    ['planned', -5],
    ['ready', -5],
    ['running', 0],
    ['verifying', 10],
    ['fixing', 11],
    ['verifying', 15],
    ['verified', 16],
    ['queued', 16],
    ['integrating', 20],
    ['merged', 22],
    ['cleaned', 23],
  ]),
  attempts: [
    { n: 1, kind: 'initial', startedAt: T0, endedAt: T0 + 10 * MIN, outcome: 'completed' },
    { n: 2, kind: 'fix', startedAt: T0 + 11 * MIN, endedAt: T0 + 15 * MIN, outcome: 'completed' },
  ],
  usage: usage(1000, 500, 0.25),
  gateRuns: [gate('test', false, 10), gate('lint', true, 10), gate('test', true, 15), gate('lint', true, 15)],
  scopeViolations: ['README.md', 'README.md', 'docs/x.md'],
};
const clean: ReportTaskInput = {
  id: 'add-logout',
  transitions: path([
    ['planned', 0],
    ['ready', 0],
    ['running', 5],
    ['verifying', 20],
    ['verified', 21],
    ['queued', 21],
    ['integrating', 26],
    ['merged', 60],
  ]),
  attempts: [
    { n: 1, kind: 'initial', startedAt: T0 + 5 * MIN, endedAt: T0 + 20 * MIN, outcome: 'completed' },
  ],
  usage: usage(2000, 1000, 0.5),
  gateRuns: [gate('test', true, 20)],
};
const blocked: ReportTaskInput = {
  id: 'rewrite-db',
  transitions: path([
    ['planned', 0],
    ['ready', 0],
    ['running', 1],
    ['stuck', 9],
    ['reassigned', 9],
    ['running', 9],
    ['blocked', 30],
  ]),
  attempts: [
    { n: 1, kind: 'initial', startedAt: T0 + MIN, endedAt: T0 + 9 * MIN, outcome: 'killed' },
    { n: 2, kind: 'reassign', startedAt: T0 + 9 * MIN, endedAt: T0 + 30 * MIN, outcome: 'failed' },
  ],
  usage: usage(300, 100),
  gateRuns: [],
};
const INPUT: ReportInput = {
  cycle: 2,
  generatedAt: T0 + 90 * MIN,
  tasks: [fixedOnce, clean, blocked],
  queueRuns: [
    { at: T0 + 20 * MIN, durationMs: MIN, tasks: ['add-login'], ok: true },
    { at: T0 + 26 * MIN, durationMs: MIN, tasks: ['add-logout'], ok: false },
    { at: T0 + 40 * MIN, durationMs: MIN, tasks: ['add-logout'], ok: true },
  ],
  queueConflicts: [{ taskId: 'add-logout', at: T0 + 30 * MIN }],
  learnings: [
    { id: 'L1', status: 'accepted' },
    { id: 'L2', status: 'accepted' },
    { id: 'L3', status: 'rejected' },
    { id: 'L4', status: 'proposed' },
  ],
};

describe('buildCycleReport: per task', () => {
  const report = buildCycleReport(INPUT);
  const [a, b, c] = report.tasks;

  it('measures wall time from the first start to the merge', () => {
    expect(a?.wallMs).toBe(22 * MIN);
    expect(b?.wallMs).toBe(55 * MIN);
    expect(c?.wallMs).toBe(29 * MIN); // blocked: to the block
  });

  it('counts attempts, fix iterations and reassignments from the events', () => {
    expect([a?.attempts, a?.fixIterations, a?.reassignments]).toEqual([2, 1, 0]);
    expect([c?.attempts, c?.fixIterations, c?.reassignments]).toEqual([2, 0, 1]);
  });

  it('sums tokens as budgets count them, and cost', () => {
    expect(a?.tokens).toEqual({ input: 1000, output: 500, cacheRead: 7, cacheWrite: 3, total: 1503 });
    expect(a?.costUsd).toBe(0.25);
  });

  it('groups gate runs into verification rounds', () => {
    expect(a?.gates).toEqual({ runs: 4, passed: 3, rounds: 2, firstTime: 'failed' });
    expect(b?.gates).toEqual({ runs: 1, passed: 1, rounds: 1, firstTime: 'passed' });
    expect(c?.gates).toEqual({ runs: 0, passed: 0, rounds: 0, firstTime: 'not-run' });
  });

  it('counts distinct scope-violating paths and queue waits', () => {
    expect(a?.scopeViolations).toBe(2);
    expect(a?.queueWaitMs).toBe(4 * MIN);
    expect(a?.integratingMs).toBe(2 * MIN);
    expect(b?.queueWaitMs).toBe(5 * MIN);
    expect(c?.queueWaitMs).toBeNull();
  });

  it('keeps the final state and time per state', () => {
    expect([a?.state, b?.state, c?.state]).toEqual(['cleaned', 'merged', 'blocked']);
    expect(a?.timeInState.running).toBe(10 * MIN);
    expect(a?.timeInState.verifying).toBe(2 * MIN);
    expect(c?.timeInState.running).toBe(29 * MIN);
    expect(c?.timeInState.blocked).toBe(60 * MIN); // still blocked at generatedAt
  });

  it('runs an unfinished task to the report time', () => {
    const r = buildCycleReport({
      generatedAt: T0 + 7 * MIN,
      tasks: [
        {
          id: 'x',
          transitions: path([
            ['ready', 0],
            ['running', 2],
          ]),
          attempts: [],
          usage: usage(0, 0),
          gateRuns: [],
        },
      ],
    });
    expect(r.tasks[0]?.wallMs).toBe(5 * MIN);
  });
});

describe('buildCycleReport: totals', () => {
  const t = buildCycleReport(INPUT).totals;

  it('sums the tasks', () => {
    expect(t.tasks).toBe(3);
    expect(t.merged).toBe(2);
    expect(t.byState).toEqual({ cleaned: 1, merged: 1, blocked: 1 });
    expect(t.tokens.total).toBe(1503 + 3003 + 403);
    expect(t.costUsd).toBeCloseTo(0.75);
    expect(t.attempts).toBe(5);
    expect(t.fixIterations).toBe(1);
    expect(t.scopeViolations).toBe(2);
  });

  it('measures throughput over the first start to the last merge', () => {
    expect(t.spanMs).toBe(60 * MIN);
    expect(t.throughputPerHour).toBe(2);
  });

  it('measures the cycle wall time from the first start to when the run settled', () => {
    // The last merge is at 60, but the blocked task came to rest at 30; cleaning (23) is no work.
    expect([t.wallMs, t.settled]).toEqual([60 * MIN, true]);
    const late = buildCycleReport({
      ...INPUT,
      tasks: [
        fixedOnce,
        clean,
        {
          ...blocked,
          transitions: [
            ...blocked.transitions.slice(0, -1),
            ...path([['blocked', 75]]).map((x) => ({ ...x, from: 'running' as const })),
          ],
        },
      ],
    }).totals;
    expect([late.spanMs, late.wallMs, late.settled]).toEqual([60 * MIN, 75 * MIN, true]);
    // A task still moving: the cycle runs on to the report's time.
    const moving = buildCycleReport({
      ...INPUT,
      tasks: [fixedOnce, clean, { ...blocked, transitions: blocked.transitions.slice(0, -1) }],
    }).totals;
    expect([moving.wallMs, moving.settled]).toEqual([90 * MIN, false]);
    // A merge cleaned up a day later does not stretch the cycle.
    const cleanedLate = buildCycleReport({
      ...INPUT,
      tasks: [
        {
          ...clean,
          transitions: [
            ...clean.transitions,
            ...path([['cleaned', 24 * 60]]).map((x) => ({ ...x, from: 'merged' as const })),
          ],
        },
      ],
    }).totals;
    expect([cleanedLate.wallMs, cleanedLate.settled]).toEqual([55 * MIN, true]);
  });

  it('gives gate, first-time, and queue pass rates', () => {
    expect([t.gatePasses, t.gateRuns, t.gatePassRate]).toEqual([4, 5, 0.8]);
    expect([t.firstTimePasses, t.tasksVerified, t.firstTimePassRate]).toEqual([1, 2, 0.5]);
    expect([t.queuePasses, t.queueTestRuns]).toEqual([2, 3]);
    // A conflict rejection is no test run: counted apart.
    expect(t.queueConflicts).toBe(1);
    expect(t.medianQueueWaitMs).toBe(4.5 * MIN);
  });

  it('counts learnings by status', () => {
    expect(t.learnings).toEqual({ proposed: 1, accepted: 2, rejected: 1, stale: 0, 'already-stated': 0 });
  });

  it('derives every figure from the input: doubling the times doubles the durations', () => {
    const stretch = (x: number): number => T0 + (x - T0) * 2;
    const slow = buildCycleReport({
      ...INPUT,
      generatedAt: stretch(INPUT.generatedAt),
      tasks: INPUT.tasks.map((task) => ({
        ...task,
        transitions: task.transitions.map((tr) => ({ ...tr, at: stretch(tr.at) })),
        gateRuns: task.gateRuns.map((g) => ({ ...g, at: stretch(g.at) })),
      })),
    });
    expect(slow.totals.spanMs).toBe(2 * (t.spanMs ?? 0));
    expect(slow.totals.throughputPerHour).toBe((t.throughputPerHour ?? 0) / 2);
    expect(slow.tasks.map((x) => x.wallMs)).toEqual(
      buildCycleReport(INPUT).tasks.map((x) => 2 * (x.wallMs ?? 0)),
    );
  });

  it('has no rates for an empty cycle', () => {
    const e = buildCycleReport({ generatedAt: T0, tasks: [] }).totals;
    expect([
      e.spanMs,
      e.wallMs,
      e.throughputPerHour,
      e.gatePassRate,
      e.firstTimePassRate,
      e.queuePassRate,
      e.medianQueueWaitMs,
    ]).toEqual([null, null, null, null, null, null, null]);
  });
});

describe('renderReportMarkdown', () => {
  const md = renderReportMarkdown(buildCycleReport(INPUT));

  it('has a row per task with its figures', () => {
    expect(md).toContain('# grove cycle report — cycle 2');
    expect(md).toContain('| `add-login` Add login | cleaned | 22m | 2 | 1 | 1,503 | $0.25 | no | 2 | 4m |');
    expect(md).toContain('| `add-logout` | merged | 55m | 1 | 0 | 3,003 | $0.50 | yes | 0 | 5m |');
    expect(md).toContain('| `rewrite-db` | blocked | 29m | 2 | 0 | 403 | $0.00 | — | 0 | — |');
  });

  it('has the totals', () => {
    expect(md).toContain(
      '2 of 3 tasks merged in 1h (throughput 2 tasks/hour). The cycle took 1h from the first start until the run settled.',
    );
    expect(md).toContain('- Wall time: 1h (first start to settled; 1h to the last merge)');
    expect(md).toContain('- Tokens: 4,909 (input 3,300, output 1,600, cache write 9, cache read 21)');
    expect(md).toContain('- Gate pass rate: 80% (4 of 5 runs); passed first time: 1 of 2 tasks (50%)');
    expect(md).toContain('- Merge queue: 3 test runs, 67% passed; 1 conflict; median queue wait 4m 30s');
    expect(md).toContain('- Learnings: 2 accepted, 1 rejected, 1 proposed, 0 already stated, 0 stale');
  });

  it('says a cost nobody reported is unknown, and a partly known one a lower bound', () => {
    const unknown = { ...blocked, usage: { ...blocked.usage, costUnknown: true } };
    const r = buildCycleReport({ ...INPUT, tasks: [fixedOnce, clean, unknown] });
    expect([r.tasks[2]?.costUnknown, r.totals.costUnknown]).toEqual([true, true]);
    const text = renderReportMarkdown(r);
    expect(text).toContain('| `rewrite-db` | blocked | 29m | 2 | 0 | 403 | unknown | — | 0 | — |');
    expect(text).toContain(
      '- Cost: ≥ $0.75 (an agent reported no cost and its model has no price in config `prices`)',
    );
    expect(toReportView(r).tasks[2]).toMatchObject({ costUsd: 0, costUnknown: true });
  });

  it('escapes table cells', () => {
    const r = buildCycleReport({ generatedAt: T0, tasks: [{ ...clean, title: 'a | b' }] });
    expect(renderReportMarkdown(r)).toContain('`add-logout` a \\| b');
  });

  it('has a hosts table only when a task ran on a config host', () => {
    expect(md).not.toContain('## Hosts');
    const onBox = (t: ReportTaskInput, host: string): ReportTaskInput => ({ ...t, host });
    const r = buildCycleReport({
      ...INPUT,
      tasks: [onBox(fixedOnce, 'box1'), onBox(blocked, 'box1'), clean],
    });
    expect(r.tasks.map((t) => t.host)).toEqual(['box1', 'box1', null]);
    const text = renderReportMarkdown(r);
    expect(text).toContain('## Hosts');
    expect(text).toContain('| box1 | 2 | 1 | `add-login`, `rewrite-db` |');
    expect(text).toContain('| this machine | 1 | 1 | `add-logout` |');
  });

  it('says so when there are no tasks', () => {
    expect(renderReportMarkdown(buildCycleReport({ generatedAt: T0, tasks: [] }))).toContain(
      'No tasks in this cycle.',
    );
  });
});

describe('buildCycleReport: the review stage', () => {
  const discard: ReportTransition = {
    from: 'review',
    to: 'verifying',
    at: T0 + 30 * MIN,
    cause: 'review: cli discarded a.js, b.js',
    kind: 'review-discard',
    files: ['a.js', 'b.js'],
  };
  const reviewed: ReportTaskInput = {
    id: 'reviewed',
    transitions: [
      ...path([
        ['running', 0],
        ['verifying', 5],
        ['verified', 6],
        ['review', 6], // round 1: changes requested after 10 minutes
        ['ready', 16],
        ['running', 16],
        ['verifying', 20],
        ['verified', 21],
        ['review', 21], // round 2: two files discarded after 9 minutes
      ]),
      discard,
      ...path([
        ['verified', 31],
        ['review', 31], // round 3: approved after 9 minutes
        ['queued', 40],
        ['integrating', 41],
        ['merged', 42],
      ]).map((t, i) => (i === 0 ? { ...t, from: 'verifying' as const } : t)),
    ],
    attempts: [],
    usage: usage(0, 0),
    gateRuns: [],
  };
  const report = buildCycleReport({ generatedAt: T0 + 60 * MIN, tasks: [reviewed, clean] });

  it('counts rounds, the time waiting for a person, the whole stage, and the files discarded', () => {
    expect(report.tasks[0]?.review).toEqual({
      rounds: 3,
      waitingMs: (10 + 9 + 9) * MIN,
      inReviewMs: (40 - 6) * MIN,
      filesDiscarded: 2,
    });
    expect(report.tasks[1]?.review).toBeNull(); // never waited in review
    expect(report.totals.review).toEqual({ tasks: 1, rounds: 3, waitingMs: 28 * MIN, filesDiscarded: 2 });
  });

  it('runs a task still in review to the report time', () => {
    const waiting: ReportTaskInput = { ...reviewed, transitions: reviewed.transitions.slice(0, 4) };
    const r = buildCycleReport({ generatedAt: T0 + 60 * MIN, tasks: [waiting] });
    expect(r.tasks[0]?.review).toMatchObject({ rounds: 1, waitingMs: 54 * MIN, inReviewMs: 54 * MIN });
  });

  it('has a review table and a totals line only when a task was reviewed', () => {
    const md = renderReportMarkdown(report);
    expect(md).toContain('## Review');
    expect(md).toContain('| `reviewed` | 3 | 28m | 34m | 2 |');
    expect(md).toContain(
      '- Review: 1 task reviewed in 3 rounds; 28m waiting for review in all; 2 files discarded',
    );
    const none = renderReportMarkdown(buildCycleReport({ generatedAt: T0 + 60 * MIN, tasks: [clean] }));
    expect(none).not.toContain('Review');
  });
});

describe('toReportView', () => {
  it('fits the dashboard schema', () => {
    const view = toReportView(buildCycleReport(INPUT));
    expect(ReportViewSchema.parse(view)).toEqual(view);
    expect(view.totals).toEqual({
      tasks: 3,
      merged: 2,
      tokens: 4909,
      costUsd: 0.75,
      costUnknown: false,
      gatePassRate: 0.8,
      wallMs: 60 * MIN,
      settled: true,
    });
  });
});

describe('formatters', () => {
  it.each([
    [null, '—'],
    [850, '850ms'],
    [1000, '1s'],
    [61_000, '1m 1s'],
    [120_000, '2m'],
    [3_723_000, '1h 2m'],
    [90_061_000, '1d 1h'],
  ])('formatDuration(%j) = %s', (ms, s) => expect(formatDuration(ms)).toBe(s));

  it('formats percentages, counts and money', () => {
    expect(formatPercent(0.8333)).toBe('83%');
    expect(formatPercent(null)).toBe('—');
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatUsd(0.4213)).toBe('$0.42');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0)).toBe('$0.00');
  });
});
