import { isAbsolute, relative } from 'node:path';
import type { ProjectContext } from '../context.js';
import type { GroveError as GroveErrorType } from '../../shared/errors.js';
import { GroveError } from '../../shared/errors.js';
import type { CopyResult } from '../../infra/fs/copy-tree.js';
import { copyPaths } from '../../infra/fs/copy-tree.js';
import { selectCopyPaths } from '../../infra/fs/select-copy.js';
import { listBranches } from '../../infra/git/branch.js';
import { deleteRef } from '../../infra/git/refs.js';
import type { WorktreeEntry } from '../../infra/git/worktree.js';
import { addWorktree, listWorktrees, pruneWorktrees, removeWorktree } from '../../infra/git/worktree.js';
import type { TaskRow } from '../../infra/db/task-store.js';
import type { TaskSpec } from '../../shared/task-spec.js';
import { mapLimit } from '../../infra/fs/pool.js';
import type { ResolvedBase } from './base.js';
import { resolveBase } from './base.js';
import { workspaceEnv } from './env.js';
import { runHook, startPostStartHook } from './hooks.js';
import { assertTaskId, branchFor, worktreePathFor } from './naming.js';
import { pickPort } from './port.js';
import { checkPlace, deletedWorktreeError } from './spawn-place.js';
import { initSubmodules } from './submodules.js';

export interface Workspace {
  taskId: string;
  worktree: string;
  branch: string;
  base: string;
  port: number | null;
  env: Record<string, string>;
}

export type SpawnOutcome =
  | { kind: 'created'; workspace: Workspace; copy: CopyResult; postStartLog: string | undefined; ms: number }
  | { kind: 'reused'; workspace: Workspace }
  | { kind: 'hook-failed'; workspace: Workspace; output: string; code: number | null }
  | { kind: 'error'; taskId: string; error: GroveErrorType };

export interface SpawnOptions {
  /** Most tasks set up at once. */
  concurrency?: number;
  /** Run hooks (default true). */
  hooks?: boolean;
  /**
   * The task's worktree folder was deleted by hand: `recreate` it from the task's branch (a fresh start:
   * `grove spawn`, a first or retried attempt), or `refuse` with what was lost and what to run (an
   * attempt that continues the work in that folder: fix, resume, reassign). Default `refuse`.
   */
  deleted?: 'recreate' | 'refuse';
  /**
   * Start `post_start` at the end of the spawn (default true). A launcher that wants it to run after the
   * agent started passes false and calls `startPostStartHook` itself.
   */
  postStart?: boolean;
}

/** What every spawn in one call shares: looked up once, not per task. */
export interface SpawnPlan {
  base: ResolvedBase;
  worktrees: WorktreeEntry[];
  groveBranches: Map<string, string>;
  copyList: Promise<string[]> | undefined;
}

/**
 * Gives each task a worktree on branch `grove/<id>` from the base, with ignored files copied in, the
 * `pre_start` hook run (blocking) and `post_start` started in the background. Idempotent: a task's
 * existing grove worktree is reused. Refuses (outcome `error`) when the branch or path exists and is not
 * grove's for that task; a half-made worktree is rolled back. Does not start agents.
 */
export async function spawnWorkspaces(
  ctx: ProjectContext,
  taskIds: readonly string[],
  options: SpawnOptions = {},
): Promise<SpawnOutcome[]> {
  for (const id of taskIds) assertTaskId(id);
  const [base, worktrees, groveBranches] = await Promise.all([
    resolveBase(ctx),
    listWorktrees(ctx.paths.mainRoot),
    listBranches(ctx.paths.mainRoot, 'grove/'),
  ]);
  const plan: SpawnPlan = { base, worktrees, groveBranches, copyList: undefined };
  const ports = assignPorts(ctx, taskIds);
  return mapLimit(taskIds, options.concurrency ?? 8, async (id) => {
    try {
      return await spawnOne(ctx, plan, id, ports.get(id) ?? null, options);
    } catch (error) {
      if (error instanceof GroveError) return { kind: 'error', taskId: id, error } as const;
      throw error;
    }
  });
}

/** One task; throws the GroveError instead of returning an `error` outcome. */
export async function spawnWorkspace(
  ctx: ProjectContext,
  taskId: string,
  options: SpawnOptions = {},
): Promise<SpawnOutcome> {
  const [outcome] = await spawnWorkspaces(ctx, [taskId], options);
  if (!outcome) throw new GroveError('INTERNAL', 'spawn returned nothing');
  if (outcome.kind === 'error') throw outcome.error;
  return outcome;
}

function assignPorts(ctx: ProjectContext, ids: readonly string[]): Map<string, number | null> {
  const rows = ctx.store.list();
  const { from, to } = ctx.config.ports;
  const used = new Set<number>();
  for (const r of rows) if (r.port !== null && !ids.includes(r.id)) used.add(r.port);
  const ports = new Map<string, number | null>();
  for (const id of ids) {
    const own = rows.find((r) => r.id === id)?.port ?? null;
    const port =
      own !== null && own >= from && own <= to && !used.has(own)
        ? own
        : (pickPort(id, { from, to }, used) ?? null);
    if (port !== null) used.add(port);
    ports.set(id, port);
  }
  return ports;
}

async function spawnOne(
  ctx: ProjectContext,
  plan: SpawnPlan,
  id: string,
  port: number | null,
  options: SpawnOptions,
): Promise<SpawnOutcome> {
  const started = ctx.now();
  const { spec, row } = findTask(ctx, id);
  const workspace = workspaceFor(ctx, plan.base, id, port);
  const place = await checkPlace(plan, workspace, row);
  if (place.kind === 'reuse') return reuse(ctx, place.workspace);
  let target = workspace;
  let existingBranch: boolean;
  if (place.kind === 'deleted') {
    if (options.deleted !== 'recreate') throw await deletedWorktreeError(ctx.paths.mainRoot, place.workspace);
    await pruneWorktrees(ctx.paths.mainRoot);
    target = place.workspace;
    existingBranch = true;
  } else {
    existingBranch = place.existingBranch;
  }
  const copy = await createWorktree(ctx, plan, target, existingBranch);
  if (!row) ctx.store.upsert(id, { title: spec?.title ?? id });
  const ms = recordCreated(ctx, plan, target, copy, started);
  const hooks = await runStartHooks(ctx, target, options);
  if (hooks.kind === 'hook-failed') return hooks;
  return { kind: 'created', workspace: target, copy, postStartLog: hooks.postStartLog, ms };
}

function findTask(ctx: ProjectContext, id: string): { spec: TaskSpec | undefined; row: TaskRow | undefined } {
  const spec = ctx.tasks.find((t) => t.id === id);
  const row = ctx.store.get(id);
  if (!spec && !row) {
    throw new GroveError('TASK_NOT_FOUND', `no task "${id}"`, {
      hint: `create .grove/tasks/${id}.md (\`grove task new\`) or check the id with \`grove status\``,
    });
  }
  return { spec, row };
}

function workspaceFor(ctx: ProjectContext, base: ResolvedBase, id: string, port: number | null): Workspace {
  const branch = branchFor(id);
  const path = worktreePathFor(ctx.paths.mainRoot, ctx.config, id);
  return {
    taskId: id,
    worktree: path,
    branch,
    base: base.name,
    port,
    env: workspaceEnv({ taskId: id, worktree: path, repoRoot: ctx.paths.mainRoot, branch, port }),
  };
}

/** A new branch from the base, or the task's own branch again (its worktree was removed); then the copy. */
async function createWorktree(
  ctx: ProjectContext,
  plan: SpawnPlan,
  workspace: Workspace,
  existingBranch: boolean,
): Promise<CopyResult> {
  const { worktree: path, branch } = workspace;
  if (!existingBranch) {
    await addWorktree(ctx.paths.mainRoot, path, { newBranch: branch, startPoint: plan.base.oid });
  } else {
    await addWorktree(ctx.paths.mainRoot, path, { startPoint: branch });
  }
  const submodules = await initSubmodules(path);
  if (submodules !== undefined)
    ctx.stores.notifications.add({ kind: 'warning', taskId: workspace.taskId, message: submodules });
  try {
    plan.copyList ??= selectCopyPaths(ctx.paths.mainRoot, ctx.config.copy, excludedFolders(ctx, plan));
    return await copyPaths(ctx.paths.mainRoot, path, await plan.copyList);
  } catch (error) {
    await rollback(
      ctx,
      path,
      existingBranch ? undefined : { ref: `refs/heads/${branch}`, oid: plan.base.oid },
    );
    throw error;
  }
}

/** The task's row points at its new worktree; the journal says what was made and how fast (ms). */
function recordCreated(
  ctx: ProjectContext,
  plan: SpawnPlan,
  workspace: Workspace,
  copy: CopyResult,
  started: number,
): number {
  const { taskId: id, worktree: path, branch, port } = workspace;
  ctx.store.patch(id, { worktree: path, branch, base: plan.base.name, port });
  const ms = ctx.now() - started;
  ctx.store.appendEvent(id, {
    type: 'workspace',
    data: {
      action: 'created',
      worktree: path,
      branch,
      base: plan.base.name,
      baseOid: plan.base.oid,
      port,
      copied: { files: copy.files, symlinks: copy.symlinks, method: copy.method ?? null },
      ms,
    },
  });
  return ms;
}

/** `pre_start` (blocking: a failure fails the task), then `post_start` in the background. */
async function runStartHooks(
  ctx: ProjectContext,
  workspace: Workspace,
  options: SpawnOptions,
): Promise<
  Extract<SpawnOutcome, { kind: 'hook-failed' }> | { kind: 'ok'; postStartLog: string | undefined }
> {
  const { taskId: id, worktree: path } = workspace;
  const hooks = ctx.config.hooks;
  if (options.hooks !== false && hooks.pre_start !== undefined) {
    const result = await runHook(hooks.pre_start, path, workspace.env, hooks.timeout);
    if (result.kind === 'failed') {
      const cause = result.timedOut
        ? 'pre_start hook timed out'
        : `pre_start hook failed (exit ${result.code ?? 'signal'})`;
      ctx.store.transition(id, 'failed', cause, { data: { hook: 'pre_start', output: result.output } });
      return { kind: 'hook-failed', workspace, output: result.output, code: result.code };
    }
  }
  let postStartLog: string | undefined;
  if (options.hooks !== false && options.postStart !== false && hooks.post_start !== undefined) {
    postStartLog = startPostStartHook(hooks.post_start, path, workspace.env, ctx.paths.stateDir, id).log;
  }
  return { kind: 'ok', postStartLog };
}

function reuse(ctx: ProjectContext, workspace: Workspace): SpawnOutcome {
  const row = ctx.store.get(workspace.taskId);
  if (!row)
    ctx.store.upsert(workspace.taskId, {
      title: ctx.tasks.find((t) => t.id === workspace.taskId)?.title ?? workspace.taskId,
    });
  if (
    !row ||
    row.worktree !== workspace.worktree ||
    row.branch !== workspace.branch ||
    row.port !== workspace.port
  ) {
    ctx.store.patch(workspace.taskId, {
      worktree: workspace.worktree,
      branch: workspace.branch,
      base: workspace.base,
      port: workspace.port,
    });
  }
  return { kind: 'reused', workspace };
}

/** Worktrees kept inside the repository must never be copied into another worktree. */
function excludedFolders(ctx: ProjectContext, plan: SpawnPlan): string[] {
  const root = ctx.paths.mainRoot;
  const inside = (p: string): string | undefined => {
    const rel = relative(root, p);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : undefined;
  };
  const template = inside(worktreePathFor(root, ctx.config, 'x'));
  const folders = plan.worktrees.map((w) => inside(w.path)).filter((p): p is string => p !== undefined);
  if (template !== undefined) folders.push(template.split('/').slice(0, -1).join('/') || template);
  return folders;
}

async function rollback(
  ctx: ProjectContext,
  path: string,
  createdBranch: { ref: string; oid: string } | undefined,
): Promise<void> {
  await removeWorktree(ctx.paths.mainRoot, path, { force: true }).catch(() => undefined);
  if (createdBranch)
    await deleteRef(ctx.paths.mainRoot, createdBranch.ref, createdBranch.oid).catch(() => undefined);
}
