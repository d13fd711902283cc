import { stat } from 'node:fs/promises';
import type { ProjectContext } from '../context.js';
import type { TaskState } from '../../shared/task-state.js';
import { NEEDS_PERSON_STATES } from '../../shared/task-state.js';
import { openJournalReader } from '../dashboard/journal-reader.js';
import { mapLimit } from '../../infra/fs/pool.js';
import type { AheadBehind, DiffStat, WorktreeStatus } from '../../infra/git/status.js';
import { aheadBehind, diffNumstat, diffStatVsBase } from '../../infra/git/status.js';
import { sumNumstat } from '../../infra/git/parse/numstat.js';
import { rawStatus, rawStatusBatch } from '../../infra/git/status-batch.js';
import { parseStatus } from '../../infra/git/parse/status.js';
import { branchTips } from '../../infra/git/refs.js';
import { StatusCache, diffKey } from './status-cache.js';
import { recordedViolations } from '../run/scope-watch.js';
import { currentCheckoutHold } from '../queue/checkout-hold.js';
import { currentBaseHold } from '../queue/base-guard.js';
import { waitingForReview } from '../review/review-view.js';
import { planApprovalNotice } from '../plan-approval/notice.js';
import type { TaskSpendStatus } from '../run/spend-status.js';
import { spendNotices, taskSpendStatus } from '../run/spend-status.js';

/** Lines about the whole project that `grove status` prints under the table (integration held, …). */
export function statusNotices(ctx: ProjectContext, ids?: readonly string[]): string[] {
  const holds = [currentBaseHold(ctx.stores.journal), currentCheckoutHold(ctx.stores.journal)];
  const waiting = waitingForReview(ctx);
  const review =
    waiting.length === 0
      ? []
      : [
          `${waiting.length} task(s) wait for your review (${waiting.map((w) => w.id).join(', ')}): grove review`,
        ];
  const plan = planApprovalNotice(ctx);
  return [
    ...holds.flatMap((h) => (h ? [h.message] : [])),
    ...(plan ? [plan] : []),
    ...review,
    ...spendNotices(ctx, ids),
  ];
}

export interface WorkspaceStatus {
  id: string;
  title: string;
  /** From the state store; `planned` for a task file not loaded into it yet. */
  state: TaskState;
  branch: string | null;
  worktree: string | null;
  /** Whether the worktree folder is on disk. */
  present: boolean;
  /** The folder is there but git cannot read it as a worktree (its `.git` file deleted, …). */
  problem: string | null;
  ahead: number | null;
  behind: number | null;
  /** Against the merge base, uncommitted and untracked work included. */
  diff: DiffStat | null;
  dirty: boolean;
  untracked: number;
  /** Time (ms) of the task's newest journal event. */
  lastActivity: number | null;
  port: number | null;
  /** The config host its agent runs on (null: this machine). */
  host: string | null;
  /** Files the agent touched outside the task's `owns` (recorded by the run loop's ownership watch). */
  scopeViolations: string[];
  /** Why the task waits for a person (the cause of its move into blocked, conflict, failed, paused). */
  reason: string | null;
  /** Its budget (file, role or default), tokens and cost so far, and for a running task its forecast. */
  spend: TaskSpendStatus | null;
}

/** `git status --porcelain=v2 -z --branch --untracked-files=all` in `worktree`: its text and parse. */
async function readStatus(worktree: string): Promise<{ raw: string; status: WorktreeStatus }> {
  const raw = await rawStatus(worktree);
  return { raw, status: parseStatus(raw) };
}

/** Worktrees per `git for-each-repo` batch (batches run side by side). */
const STATUS_BATCH = 10;

/** The raw status of every worktree (batched); a worktree missing from the map is asked on its own. */
async function batchedStatus(repo: string, worktrees: readonly string[]): Promise<Map<string, string>> {
  const batches: string[][] = [];
  for (let i = 0; i < worktrees.length; i += STATUS_BATCH) batches.push(worktrees.slice(i, i + STATUS_BATCH));
  const map = new Map<string, string>();
  await Promise.all(
    batches.map(async (batch) => {
      const outputs = await rawStatusBatch(repo, batch);
      batch.forEach((w, i) => {
        const raw = outputs?.[i];
        if (raw !== undefined) map.set(w, raw);
      });
    }),
  );
  return map;
}

/**
 * The base's name and the commit of it and of every base and branch the rows name (absent: no such
 * branch), in one git call (see branchTips); no base when the default branch cannot be told.
 */
async function tipsOf(
  ctx: ProjectContext,
  rows: ReadonlyArray<{ base: string | null; branch: string | null }>,
): Promise<{ baseName: string | undefined; tips: Map<string, string> }> {
  const configured = ctx.config.base;
  const names = new Set(configured === undefined ? [] : [configured]);
  for (const r of rows) {
    if (r.base) names.add(r.base);
    if (r.branch) names.add(r.branch);
  }
  const found = await branchTips(ctx.paths.mainRoot, [...names], {
    withDefault: configured === undefined,
  }).catch(() => undefined);
  if (found === undefined) return { baseName: undefined, tips: new Map() };
  return { baseName: configured ?? found.defaultBranch, tips: found.tips };
}

/** What git tells of one worktree (the rest of its status comes from the task store). */
type GitFacts = Pick<WorkspaceStatus, 'problem' | 'ahead' | 'behind' | 'diff' | 'dirty' | 'untracked'>;

/** A worktree git has not told anything of (yet): nothing ahead, behind, changed or dirty known. */
const NO_GIT_FACTS: Readonly<GitFacts> = {
  problem: null,
  ahead: null,
  behind: null,
  diff: null,
  dirty: false,
  untracked: 0,
};

/**
 * One worktree's git facts. Every call asks `git status` (the only proof of what is on disk now); the
 * ahead/behind of two commits and the diff stat of an unchanged status come from the cache.
 */
async function worktreeFacts(
  cache: StatusCache,
  repo: string,
  worktree: string,
  baseOid: string | undefined,
  branchOid: string | undefined,
  prefetched: string | undefined,
): Promise<GitFacts> {
  const facts: GitFacts = { ...NO_GIT_FACTS };
  const ab = (async (): Promise<AheadBehind | undefined> => {
    if (!branchOid || !baseOid) return undefined;
    const hit = cache.aheadBehind(baseOid, branchOid);
    if (hit) return hit;
    const fresh = await aheadBehind(repo, baseOid, branchOid).catch(() => undefined);
    if (fresh) cache.setAheadBehind(baseOid, branchOid, fresh);
    return fresh;
  })();
  const before = Date.now();
  const read = await (
    prefetched !== undefined
      ? Promise.resolve({ raw: prefetched, status: parseStatus(prefetched) })
      : readStatus(worktree)
  ).catch((e: unknown) => {
    facts.problem = `not a git worktree: ${(e as Error).message.split('\n')[0] ?? ''}`;
    return undefined;
  });
  const counted = await ab;
  if (!read) return facts;
  const st = read.status;
  facts.dirty = st.dirty;
  facts.untracked = st.untracked;
  facts.ahead = counted?.ahead ?? null;
  facts.behind = counted?.behind ?? null;
  if (!baseOid) return facts;
  const uncommitted = st.dirty || st.untracked > 0;
  const key = await diffKey(worktree, baseOid, read.raw, st, before);
  const hit = key === undefined ? undefined : cache.diff(worktree, key);
  if (hit) {
    facts.diff = hit;
    return facts;
  }
  // Against the head git status saw, so the value belongs to the key it is stored under.
  const head = st.oid;
  facts.diff = await (
    uncommitted || !head
      ? diffStatVsBase(worktree, baseOid, { uncommitted })
      : diffNumstat(worktree, `${baseOid}...${head}`).then(sumNumstat)
  ).catch(() => null);
  if (facts.diff && key !== undefined) {
    // Stored only when the worktree still reads the same after the diff: it did not change meanwhile.
    const after = await readStatus(worktree).catch(() => undefined);
    const again = after && (await diffKey(worktree, baseOid, after.raw, after.status, before));
    if (again === key) cache.setDiff(worktree, key, facts.diff);
  }
  return facts;
}

/**
 * State and git facts of every task (or `ids`): one row each. The base and every branch are resolved
 * in one git call; per worktree one `git status` runs (concurrently, bounded), and what follows from an
 * unchanged status or pair of commits (diff stat, ahead/behind) is read from the status cache.
 */
export async function collectStatus(
  ctx: ProjectContext,
  ids?: readonly string[],
): Promise<WorkspaceStatus[]> {
  const rows = new Map(ctx.store.list().map((r) => [r.id, r]));
  const all = [...new Set([...ctx.tasks.map((t) => t.id), ...rows.keys()])].sort();
  const wanted = ids ? all.filter((id) => ids.includes(id)) : all;
  const withWorktree = wanted.flatMap((id) => {
    const r = rows.get(id);
    return r?.worktree ? [r] : [];
  });
  const { baseName, tips } =
    withWorktree.length > 0
      ? await tipsOf(ctx, withWorktree)
      : { baseName: undefined, tips: new Map<string, string>() };
  const base = baseName === undefined ? undefined : tips.get(baseName);
  const cache = withWorktree.length > 0 ? await StatusCache.open(ctx.paths.stateDir) : undefined;
  const journal = openJournalReader(ctx.db);
  const stores = ctx.stores;
  const spend = taskSpendStatus(ctx);
  const base0 = await mapLimit(wanted, 6, async (id): Promise<WorkspaceStatus> => {
    const row = rows.get(id);
    const title = row?.title ?? ctx.tasks.find((t) => t.id === id)?.title ?? id;
    const last = journal.forTask(id, 1)[0];
    const out: WorkspaceStatus = {
      id,
      title,
      state: row?.state ?? 'planned',
      branch: row?.branch ?? null,
      worktree: row?.worktree ?? null,
      present: false,
      ...NO_GIT_FACTS,
      lastActivity: last?.at ?? row?.updated_at ?? null,
      port: row?.port ?? null,
      host: row?.host ?? null,
      scopeViolations: recordedViolations(stores, id),
      reason:
        row && NEEDS_PERSON_STATES.includes(row.state)
          ? (stores.tasks.stateHistory(id).at(-1)?.cause ?? null)
          : null,
      spend: spend.get(id) ?? null,
    };
    if (!row?.worktree || !row.branch) return out;
    out.present = await stat(row.worktree).then(
      (s) => s.isDirectory(),
      () => false,
    );
    return out;
  });
  if (!base || !cache) return base0;
  const asked = base0.filter((r) => r.present && r.branch !== null);
  const statuses = await batchedStatus(
    ctx.paths.mainRoot,
    asked.map((r) => r.worktree!),
  );
  const out = await mapLimit(base0, 6, async (r): Promise<WorkspaceStatus> => {
    if (!r.present || r.worktree === null || r.branch === null) return r;
    const row = rows.get(r.id);
    const baseOid = row?.base ? tips.get(row.base) : base;
    const facts = await worktreeFacts(
      cache,
      ctx.paths.mainRoot,
      r.worktree,
      baseOid,
      tips.get(r.branch),
      statuses.get(r.worktree),
    );
    return { ...r, ...facts };
  });
  await cache.save().catch(() => undefined);
  return out;
}
