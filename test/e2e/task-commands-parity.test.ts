// Issue 16: one implementation per lead action. Each action runs once through the real CLI and once
// through the real dashboard server's HTTP API, on identical fresh projects; the task, its attempts, the
// journal and AGENTS.md/CLAUDE.md must come out the same (`by` differs on purpose), refusals included.
import { describe, expect, it } from 'vitest';
import type { ProjectContext } from '../../src/app/context.js';
import type { TaskState } from '../../src/shared/task-state.js';
import type { DashboardAction } from '../../src/shared/api.js';
import { walkTo } from '../helpers/task-state.js';
import type { Outcome, Setup } from './parity-doors.js';
import { TASK, throughCli, throughDashboard } from './parity-doors.js';

interface Case {
  name: string;
  setup: Setup;
  cli: string[];
  dashboard: DashboardAction;
  /** What both doors must end with: the task's state, or a refusal. */
  expected: { state: TaskState; refused?: true };
  check?: (o: Outcome) => void;
}

const at =
  (state: TaskState) =>
  (ctx: ProjectContext): void =>
    walkTo(ctx.store, TASK, state);

/** A paused task that has used 950 of its 1000 tokens: resuming as it is would pause it again at once. */
function pausedOverBudget(ctx: ProjectContext): void {
  walkTo(ctx.store, TASK, 'running');
  const a = ctx.stores.attempts.create({
    taskId: TASK,
    kind: 'initial',
    agent: 'hang',
    adapter: 'command',
    logDir: ctx.paths.stateDir,
  });
  ctx.stores.attempts.ingest(a.id, 'stdout', 10, [
    { kind: 'usage', messageId: 'm1', input: 950, output: 0, cacheRead: 0, cacheWrite: 0 },
  ]);
  ctx.stores.attempts.finish(a.id, { exitCode: null, signal: 'SIGTERM', outcome: 'paused' });
  ctx.store.transition(TASK, 'paused', 'budget reached', { data: { kind: 'budget' } });
}

function blockedOnScope(ctx: ProjectContext): void {
  walkTo(ctx.store, TASK, 'running');
  ctx.store.transition(TASK, 'blocked', 'needs more files', {
    data: { kind: 'scope-expansion', paths: ['docs/x.md'] },
  });
}

const AGENTS = '# AGENTS.md\n\n## GOTCHAS\n- Old gotcha.\n';

/** Two proposals from task t; Claude Code in use, so an accepted one also adds the CLAUDE.md import. */
const learnings: Setup = {
  config: { default_agent: 'claude' },
  files: { 'AGENTS.md': AGENTS },
  prepare: (ctx) => {
    const evidence = [{ task: TASK, source: 'fix-loop' as const }];
    ctx.stores.learnings.saveAll([
      {
        id: 'L1',
        section: 'GOTCHAS',
        entry: 'Pad cents with toFixed(2)',
        key: 'cent pad',
        evidence,
        status: 'proposed',
      },
      {
        id: 'L2',
        section: 'STYLE',
        entry: 'Prefer small files',
        key: 'file small',
        evidence,
        status: 'proposed',
      },
    ]);
  },
};

const live = (state: TaskState): Setup => ({ prepare: at(state), live: true });

const CASES: Case[] = [
  {
    name: 'pause a running task: its agent is stopped, the session kept',
    setup: live('running'),
    cli: ['pause', TASK],
    dashboard: { kind: 'pause', taskId: TASK },
    expected: { state: 'paused' },
    check: (o) => expect(o.attempts).toMatchObject([{ ended: true, outcome: 'paused' }]),
  },
  {
    name: 'stop a running task: the agent is stopped and the task held (blocked), not abandoned',
    setup: live('running'),
    cli: ['stop', TASK],
    dashboard: { kind: 'stop', taskId: TASK },
    expected: { state: 'blocked' },
    check: (o) => expect(o.attempts).toMatchObject([{ ended: true, outcome: 'killed' }]),
  },
  {
    name: 'abandon a running task: its agent is stopped',
    setup: live('running'),
    cli: ['abandon', TASK],
    dashboard: { kind: 'abandon', taskId: TASK },
    expected: { state: 'abandoned' },
    check: (o) => expect(o.attempts).toMatchObject([{ ended: true, outcome: 'killed' }]),
  },
  {
    name: 'retry a paused task: a fresh session, not the old one',
    setup: { prepare: at('paused') },
    cli: ['retry', TASK],
    dashboard: { kind: 'retry', taskId: TASK },
    expected: { state: 'ready' },
    check: (o) => expect(o.journal.at(-1)).toMatchObject({ to: 'ready', fresh: true }),
  },
  {
    name: 'reassign a running task to another agent: its agent is stopped',
    setup: live('running'),
    cli: ['reassign', TASK, '--agent', 'other'],
    dashboard: { kind: 'reassign', taskId: TASK, agent: 'other' },
    expected: { state: 'ready' },
    check: (o) => expect(o.task).toMatchObject({ agent: 'other' }),
  },
  {
    name: 'reassign a stuck task',
    setup: { prepare: at('stuck') },
    cli: ['reassign', TASK],
    dashboard: { kind: 'reassign', taskId: TASK },
    expected: { state: 'reassigned' },
  },
  {
    name: 'resume a paused task with more budget (+500 tokens)',
    setup: { prepare: at('paused') },
    cli: ['resume', TASK, '--budget', '+500'],
    dashboard: { kind: 'resume', taskId: TASK, addTokens: 500 },
    expected: { state: 'ready' },
    check: (o) => expect(o.task).toMatchObject({ budget: 1500 }),
  },
  {
    name: 'refuse to resume a task that would pause again at once',
    setup: { prepare: pausedOverBudget },
    cli: ['resume', TASK],
    dashboard: { kind: 'resume', taskId: TASK },
    expected: { state: 'paused', refused: true },
  },
  {
    name: 'approve the scope a blocked task asked for: it continues',
    setup: { prepare: blockedOnScope },
    cli: ['approve-scope', TASK],
    dashboard: { kind: 'approve-scope', taskId: TASK },
    expected: { state: 'ready' },
    check: (o) => expect(o.journal).toContainEqual({ type: 'scope-approval', paths: ['docs/x.md'] }),
  },
  {
    name: 'refuse to approve a scope nobody asked for',
    setup: { prepare: at('blocked') },
    cli: ['approve-scope', TASK],
    dashboard: { kind: 'approve-scope', taskId: TASK },
    expected: { state: 'blocked', refused: true },
  },
  {
    name: 'refuse to pause a merged task',
    setup: { prepare: at('merged') },
    cli: ['pause', TASK],
    dashboard: { kind: 'pause', taskId: TASK },
    expected: { state: 'merged', refused: true },
  },
  {
    name: 'refuse to stop an abandoned task',
    setup: { prepare: at('abandoned') },
    cli: ['stop', TASK],
    dashboard: { kind: 'stop', taskId: TASK },
    expected: { state: 'abandoned', refused: true },
  },
  {
    name: 'refuse to approve a task that is not in review',
    setup: { prepare: at('verified') },
    cli: ['approve', TASK],
    dashboard: { kind: 'approve', taskId: TASK },
    expected: { state: 'verified', refused: true },
  },
  {
    name: 'refuse a request for changes without a message',
    setup: { prepare: at('review') },
    cli: ['request-changes', TASK, '-m', ' '],
    dashboard: { kind: 'request-changes', taskId: TASK, message: ' ' },
    expected: { state: 'review', refused: true },
  },
  {
    name: 'refuse to discard files of a task that is not in review',
    setup: { prepare: at('verified') },
    cli: ['discard', TASK, 'src/x.js'],
    dashboard: { kind: 'discard', taskId: TASK, files: ['src/x.js'] },
    expected: { state: 'verified', refused: true },
  },
  {
    name: 'accept a learning: AGENTS.md gains it, CLAUDE.md imports AGENTS.md',
    setup: learnings,
    cli: ['retro', '--accept', 'L1'],
    dashboard: { kind: 'learning-accept', id: 'L1' },
    expected: { state: 'planned' },
    check: (o) => {
      expect(o.files['AGENTS.md']).toBe(`${AGENTS}- Pad cents with toFixed(2)\n`);
      expect(o.files['CLAUDE.md']).toContain('@AGENTS.md');
    },
  },
  {
    name: 'accept an edited learning',
    setup: learnings,
    cli: ['retro', '--edit', 'L1', '--entry', 'Format cents with toFixed(2)'],
    dashboard: { kind: 'learning-edit', id: 'L1', entry: 'Format cents with toFixed(2)' },
    expected: { state: 'planned' },
    check: (o) => expect(o.files['AGENTS.md']).toBe(`${AGENTS}- Format cents with toFixed(2)\n`),
  },
  {
    name: 'reject a learning: AGENTS.md unchanged',
    setup: learnings,
    cli: ['retro', '--reject', 'L2'],
    dashboard: { kind: 'learning-reject', id: 'L2' },
    expected: { state: 'planned' },
    check: (o) => {
      expect(o.files).toEqual({ 'AGENTS.md': AGENTS, 'CLAUDE.md': null });
      expect(o.journal).toContainEqual({ type: 'learning', id: 'L2', status: 'rejected' });
    },
  },
  {
    name: 'approve the plan (review.plan: required): every spec hashed and recorded',
    setup: { prepare: at('ready'), config: { review: { plan: 'required' } } },
    cli: ['plan', '--approve'],
    dashboard: { kind: 'approve-plan' },
    expected: { state: 'ready' },
    check: (o) =>
      expect(o.journal).toContainEqual(
        expect.objectContaining({ type: 'plan-approval', file: '.grove/tasks/t.md', was: 'new' }),
      ),
  },
  {
    name: 'refuse to accept a learning that does not exist',
    setup: learnings,
    cli: ['retro', '--accept', 'L9'],
    dashboard: { kind: 'learning-accept', id: 'L9' },
    expected: { state: 'planned', refused: true },
  },
];

describe('task commands: the CLI and the dashboard are one implementation', () => {
  for (const c of CASES) {
    it(c.name, { timeout: 60_000 }, async () => {
      const cli = await throughCli(c.setup, c.cli);
      const dash = await throughDashboard(c.setup, c.dashboard);
      expect(dash.reply.kind, dash.reply.message).toBe(c.expected.refused ? 'refused' : 'done');
      expect(cli.reply.kind, cli.reply.message).toBe(dash.reply.kind);
      // A refusal says the same thing at both doors (the CLI on stderr).
      if (dash.reply.kind === 'refused') expect(cli.reply.message).toContain(dash.reply.message);
      expect(dash.task['state']).toBe(c.expected.state);
      const { reply: _cliReply, ...cliState } = cli;
      const { reply: _dashReply, ...dashState } = dash;
      expect(dashState).toEqual(cliState);
      c.check?.(dash);
    });
  }
});
