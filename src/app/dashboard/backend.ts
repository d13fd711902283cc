import type { BoardTask, GateSummary, LearningView, TaskDetail } from '../../shared/api.js';
import type { TaskRow } from '../../infra/db/task-store.js';
import { describeEvent } from '../../shared/journal-view.js';
import type { DashboardBackend } from '../../server/backend.js';
import { costOf } from '../../core/cost.js';
import { agentsMdSize, listBullets, mayContradict } from '../../core/learnings/index.js';
import { readAgentsMd } from '../compound/gather.js';
import { evidenceOf } from '../compound/evidence.js';
import { GroveError } from '../../shared/errors.js';
import { act } from './actions.js';
import { agentPlanView } from '../review/agent-plan-view.js';
import { attachCommand } from './attach.js';
import { ConflictPredictor, conflictsByTask } from './conflicts.js';
import { taskDiff } from './diff.js';
import { planView } from './plan.js';
import { trendRows } from '../report/trend.js';
import { buildReportView } from './report.js';
import { reviewEndpoints } from './review.js';
import { collectSpend } from '../run/spend.js';
import { toSpendSummary } from '../../core/spend-summary.js';
import type { DashboardSources, GateRunLike, UsageTotalsLike } from './sources.js';

const TASK_EVENTS = 500;

function gateSummary(runs: GateRunLike[]): GateSummary[] {
  return runs.map((g) => ({ gate: g.gate, ok: g.ok, at: g.at }));
}

/** The real dashboard backend over grove's stores (see sources.ts for what may be missing). */
export function createDashboardBackend(sources: DashboardSources): DashboardBackend {
  const { journal, tasks, config } = sources;
  const predictor = new ConflictPredictor(sources.repoRoot, tasks);
  /** The board shows the last prediction and asks for a fresh one in the background. */
  const conflictsNow = (): Map<string, string[]> => {
    predictor.matrix().catch(() => undefined);
    return conflictsByTask(predictor.cached());
  };

  const boardTask = (
    t: TaskRow,
    usage: Record<string, UsageTotalsLike>,
    activity: ReturnType<typeof journal.latestPerTask>,
    conflicts: Map<string, string[]>,
  ): BoardTask => {
    const history = tasks.stateHistory(t.id);
    const budget = t.budget_tokens ?? config.budgets.tokens;
    const last = activity.get(t.id);
    const text = last ? describeEvent(last) : undefined;
    const u = usage[t.id];
    const cost = costOf(u?.costUsd ?? 0, u?.unpriced ?? [], config);
    return {
      id: t.id,
      title: t.title,
      state: t.state,
      agent: t.agent ?? config.default_agent,
      host: t.host,
      tokens: {
        used: usage[t.id]?.total ?? 0,
        budget,
        pauseAt: Math.floor(budget * config.budgets.pause_at),
        costUsd: cost.usd,
        costUnknown: cost.unknown,
      },
      gates: gateSummary(sources.gates?.latestByGate(t.id) ?? []),
      conflictsWith: conflicts.get(t.id) ?? [],
      createdAt: t.created_at,
      stateSince: history.at(-1)?.at ?? t.updated_at,
      lastActivity: last && text !== undefined ? { at: last.at, eventId: last.id, text } : null,
    };
  };

  return {
    ...reviewEndpoints(sources.review, sources.now),
    snapshot: () => {
      const lastEventId = journal.lastId();
      const usage = sources.usage?.perTask() ?? {};
      const activity = journal.latestPerTask('agent');
      const conflicts = conflictsNow();
      const now = sources.now();
      const c = sources.commands;
      return Promise.resolve({
        tasks: tasks.list().map((t) => boardTask(t, usage, activity, conflicts)),
        spend: toSpendSummary(collectSpend(c.stores, config, c.tasks, now)),
        lastEventId,
        now,
      });
    },
    task: async (id): Promise<TaskDetail> => {
      const t = tasks.require(id);
      const usage = sources.usage?.perTask() ?? {};
      const board = boardTask(t, usage, journal.latestPerTask('agent'), conflictsNow());
      return {
        task: board,
        branch: t.branch,
        worktree: t.worktree,
        base: t.base,
        sessionId: t.session_id,
        events: journal.forTask(id, TASK_EVENTS),
        diff: await taskDiff(sources.repoRoot, t),
        gates: (sources.gates?.listForTask(id) ?? []).map((g) => ({
          gate: g.gate,
          command: g.command,
          ok: g.ok,
          exitCode: g.exit_code,
          timedOut: g.timed_out,
          durationMs: g.duration_ms,
          output: g.output_tail,
          at: g.at,
        })),
        tokenSeries: sources.usage?.series(id) ?? [],
        attempts: (sources.attempts?.listForTask(id) ?? []).map((a) => ({
          n: a.n,
          kind: a.kind,
          agent: a.agent,
          sessionId: a.session_id,
          startedAt: a.started_at,
          endedAt: a.ended_at,
          outcome: a.outcome,
          exitCode: a.exit_code,
        })),
        attach: attachCommand(config, t) ?? null,
        agentPlan: agentPlanView(sources.commands.stores, tasks, id),
      };
    },
    conflicts: () => predictor.matrix(),
    queue: () =>
      Promise.resolve(
        sources.queueView?.() ?? {
          window: null,
          candidates: [],
          running: [],
          history: [],
          note: 'no merge queue in this view',
        },
      ),
    learnings: () => {
      const agentsMd = readAgentsMd({ paths: sources.commands.paths });
      return Promise.resolve(
        (sources.learnings?.list() ?? [])
          .filter((l): l is typeof l & { status: LearningView['status'] } => l.status !== 'stale')
          .map((l) => ({
            id: l.id,
            section: l.section,
            entry: l.entry,
            status: l.status,
            evidence: l.evidence.map((e) => ({
              task: e.task,
              source: e.source,
              ...(e.commit ? { commit: e.commit } : {}),
            })),
            contradicts: mayContradict(l.entry, agentsMd),
          })),
      );
    },
    agentsMd: () => {
      const text = readAgentsMd({ paths: sources.commands.paths });
      const size = agentsMdSize(text, {
        maxLines: config.agents_md.max_lines,
        maxEntriesPerSection: config.agents_md.max_entries_per_section,
      });
      const entries = listBullets(text).map((b) => ({ section: b.section ?? null, text: b.text }));
      return Promise.resolve({ ...size, entries });
    },
    learningEvidence: async (id) => {
      const proposal = sources.learnings?.get(id);
      if (!proposal) {
        throw new GroveError('TASK_NOT_FOUND', `no learning proposal ${id}`, {
          hint: 'reload the Learnings page',
        });
      }
      return evidenceOf(sources.commands, proposal);
    },
    report: () => Promise.resolve(buildReportView(sources)),
    plan: () => planView(sources.commands),
    trend: () => Promise.resolve(trendRows(sources.commands)),
    eventsSince: (afterId, limit) => journal.since(afterId, limit),
    lastEventId: () => journal.lastId(),
    act: (action) => act(sources.commands, action),
    attachCommand: (taskId) => {
      const t = tasks.get(taskId);
      return t ? attachCommand(config, t) : undefined;
    },
  };
}
