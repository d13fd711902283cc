// grove.db lost (moved aside, deleted): rebuild what git and the state folder still know (issue 17,
// item 5), so the next command neither re-runs an agent over existing work nor merges a task twice.
// The decision is pure (src/core/recover/rebuild-plan.ts); this file gathers the evidence and writes it.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RebuildEvidence } from '../../core/recover/rebuild-plan.js';
import { describeRebuild, planRebuild } from '../../core/recover/rebuild-plan.js';
import { listBranches } from '../../infra/git/branch.js';
import { git, gitText } from '../../infra/git/exec.js';
import { landedCommits } from '../../infra/git/landed-log.js';
import { listWorktrees } from '../../infra/git/worktree.js';
import { TASK_ID_PATTERN } from '../../shared/task-spec.js';
import type { ProjectContext } from '../context.js';
import type { ResolvedBase } from '../workspace/base.js';
import { resolveBase } from '../workspace/base.js';

type RebuildContext = Pick<ProjectContext, 'paths' | 'config' | 'tasks' | 'stores'>;

/**
 * Called by openProject when the database file did not exist before it was opened: when git or the
 * state folder shows grove ran here before, rebuilds every task of the task files and returns what it
 * did in one line (journaled, and a notification); undefined when there was nothing to rebuild.
 */
export async function rebuildLostState(ctx: RebuildContext): Promise<string | undefined> {
  let base: ResolvedBase;
  try {
    base = await resolveBase(ctx);
  } catch {
    return undefined; // no base branch yet: nothing can have landed on it
  }
  const gathered = await gatherEvidence(ctx, base);
  const { evidence, orphans } = gathered;
  const sizes = [evidence.landed.size, evidence.branches.size, evidence.logs.size, orphans.length];
  if (sizes.every((n) => n === 0)) return undefined;
  const plan = planRebuild(evidence);
  const worktrees = await listWorktrees(ctx.paths.mainRoot);
  const store = ctx.stores.tasks;
  for (const t of plan) {
    const spec = ctx.tasks.find((s) => s.id === t.id)!;
    if (store.get(t.id)) continue; // another grove process rebuilt it meanwhile
    const branch = t.state === 'planned' ? undefined : `grove/${t.id}`;
    const worktree = worktrees.find((w) => branch && w.branch === `refs/heads/${branch}`)?.path;
    store.upsert(t.id, { title: spec.title, branch, worktree }, t.state, t.reason);
    store.appendEvent(t.id, {
      type: 'reconcile',
      data: {
        phase: 'rebuilt',
        state: t.state,
        branch: t.state === 'blocked' ? t.branch : null,
        commit: t.state === 'merged' ? t.commit : t.state === 'blocked' ? t.tip : null,
        message: t.reason,
      },
    });
  }
  const message = describeRebuild(plan, base.name, orphans);
  ctx.stores.notifications.add({ kind: 'rebuilt', taskId: null, message });
  return message;
}

async function gatherEvidence(
  ctx: RebuildContext,
  base: ResolvedBase,
): Promise<{ evidence: RebuildEvidence; orphans: string[] }> {
  const repo = ctx.paths.mainRoot;
  const ids = ctx.tasks.map((t) => t.id);
  const known = new Set(ids);
  const branches = new Map<string, { branch: string; tip: string; ahead: number }>();
  const orphans: string[] = [];
  for (const [name, tip] of await listBranches(repo, 'grove/')) {
    const id = name.slice('grove/'.length);
    if (!known.has(id)) {
      orphans.push(name);
      continue;
    }
    const ahead = Number(await gitText(repo, ['rev-list', '--count', tip, `^${base.oid}`, '--']));
    branches.set(id, { branch: name, tip, ahead });
  }
  // Newest first: the first commit seen for a task is its newest landing.
  const landed = new Map<string, { commit: string; attempt: number }>();
  for (const c of await landedCommits(repo, base.oid)) {
    if (!known.has(c.task) || landed.has(c.task)) continue;
    // A commit from before the task's branch forked belongs to an older task of the same id.
    const b = branches.get(c.task);
    if (b && (await forkedAfter(repo, base.oid, b.tip, c.commit))) continue;
    landed.set(c.task, { commit: c.commit, attempt: c.attempt });
  }
  const logsDir = join(ctx.paths.stateDir, 'logs');
  const logs = new Set(
    existsSync(logsDir) ? readdirSync(logsDir).filter((d) => TASK_ID_PATTERN.test(d) && known.has(d)) : [],
  );
  return { evidence: { tasks: ids, base: base.name, landed, branches, logs }, orphans };
}

/** True when `commit` is already in the history the branch forked from (it predates the branch). */
async function forkedAfter(repo: string, base: string, tip: string, commit: string): Promise<boolean> {
  const mb = await git(repo, ['merge-base', base, tip], { okCodes: [0, 1] });
  const fork = mb.stdout.trim();
  if (mb.code !== 0 || fork === '') return false;
  const r = await git(repo, ['merge-base', '--is-ancestor', commit, fork], { okCodes: [0, 1] });
  return r.code === 0;
}
