// "Changes since my last review": the interdiff between the commit a person last reviewed (the latest
// review of the task that is not void, approved or changes requested) and the branch tip now — only the
// task's own changes, never the base's.
//
// How, honestly:
// - The base did not move under the task (the reviewed commit and the tip fork from the base at the same
//   commit): `git diff reviewed tip` is exactly what the task changed since (method `direct`).
// - The task was rebased (the tip forks from a newer base commit): a plain `git diff reviewed tip` would
//   also show every base change the rebase pulled in. So the reviewed change is first replayed onto the
//   tip's merge base in memory (a three-way merge: old fork point → new fork point, reviewed), and the
//   interdiff is that replayed tree → tip (method `rebased`): what the task changed beyond its reviewed
//   change, on the same base. Nothing is written but throw-away commit objects; no ref moves.
// - When the reviewed change does not replay cleanly on the new base (the base changed the same lines),
//   the interdiff is `git diff reviewed tip` limited to the files the task changes (method `task-files`),
//   and `note` says that base changes in those files may show.
import { gitText } from '../../infra/git/exec.js';
import { commitTree } from '../../infra/git/commit-tree.js';
import { mergeBase, unifiedDiff } from '../../infra/git/diff.js';
import { mergeTree } from '../../infra/git/merge-tree.js';
import type { ProjectContext } from '../context.js';
import { reviewTarget } from './target.js';

export type InterdiffMethod = 'direct' | 'rebased' | 'task-files';

export type Interdiff =
  | { kind: 'none'; reason: string }
  | {
      kind: 'interdiff';
      /** The commit last reviewed, and the tip now. */
      reviewed: string;
      tip: string;
      /** What was reviewed: who and when, and the verdict. */
      review: { verdict: string; by: string; at: number };
      method: InterdiffMethod;
      /** Said to the reader when the interdiff is not exact (method `task-files`). */
      note: string | null;
      /** The files the interdiff changes, and the unified diff itself (empty when nothing changed). */
      files: string[];
      patch: string;
    };

interface InterdiffRange {
  /** The base branch's commit now. */
  base: string;
  reviewed: string;
  tip: string;
}

type RangeResult = Pick<Extract<Interdiff, { kind: 'interdiff' }>, 'method' | 'note' | 'files' | 'patch'>;

async function changedFiles(repo: string, from: string, to: string, only?: string[]): Promise<string[]> {
  const out = await gitText(repo, [
    '-c',
    'core.quotePath=false',
    'diff',
    '--name-only',
    '-z',
    '--no-ext-diff',
    from,
    to,
    '--',
    ...(only ?? []),
  ]);
  return out.split('\0').filter((f) => f !== '');
}

/** The reviewed change (oldFork → reviewed) replayed onto newFork, as a tree; undefined on a conflict. */
async function replayedTree(
  repo: string,
  oldFork: string,
  newFork: string,
  reviewed: string,
): Promise<string | undefined> {
  // git 2.39's merge-tree has no `--merge-base`: merge two throw-away commits whose only common
  // ancestor carries the old fork point's tree (as the queue's replay does).
  const [oldTree, newTree, reviewedTree] = await Promise.all(
    [oldFork, newFork, reviewed].map((c) => gitText(repo, ['rev-parse', `${c}^{tree}`])),
  );
  const root = await commitTree(repo, oldTree!, [], 'grove: interdiff base');
  const [ours, theirs] = await Promise.all([
    commitTree(repo, newTree!, [root], 'grove: interdiff new base'),
    commitTree(repo, reviewedTree!, [root], 'grove: interdiff reviewed'),
  ]);
  const merged = await mergeTree(repo, ours, theirs);
  return merged.kind === 'clean' ? merged.tree : undefined;
}

/** The interdiff of a reviewed commit and the tip, against the base as it is now (see the top). */
export async function interdiffOf(repo: string, range: InterdiffRange): Promise<RangeResult> {
  const { reviewed, tip } = range;
  const [oldFork, newFork] = await Promise.all([
    mergeBase(repo, range.base, reviewed),
    mergeBase(repo, range.base, tip),
  ]);
  if (oldFork === newFork) {
    const [files, patch] = await Promise.all([
      changedFiles(repo, reviewed, tip),
      unifiedDiff(repo, reviewed, tip),
    ]);
    return { method: 'direct', note: null, files, patch };
  }
  const replayed = await replayedTree(repo, oldFork, newFork, reviewed);
  if (replayed !== undefined) {
    const [files, patch] = await Promise.all([
      changedFiles(repo, replayed, tip),
      unifiedDiff(repo, replayed, tip),
    ]);
    return { method: 'rebased', note: null, files, patch };
  }
  const [before, now] = await Promise.all([
    changedFiles(repo, oldFork, reviewed),
    changedFiles(repo, newFork, tip),
  ]);
  const taskFiles = [...new Set([...before, ...now])].sort();
  if (taskFiles.length === 0) return { method: 'task-files', note: null, files: [], patch: '' };
  const patch = await unifiedDiff(repo, reviewed, tip, taskFiles);
  return {
    method: 'task-files',
    note: `the branch was rebased and its reviewed change (${reviewed.slice(0, 8)}) does not replay cleanly on the new base, so this is the diff of the task's files from the reviewed commit to the tip: changes the base made to those files may show too`,
    files: await changedFiles(
      repo,
      reviewed,
      tip,
      taskFiles.map((f) => `:(literal)${f}`),
    ),
    patch,
  };
}

/** The task's changes since its latest review that is not void; kind `none` says why there are none. */
export async function changesSinceLastReview(
  ctx: Pick<ProjectContext, 'paths' | 'config' | 'store' | 'stores'>,
  taskId: string,
): Promise<Interdiff> {
  const task = ctx.store.require(taskId);
  // Of the code: a review of the agent's plan (`agent_plan`) looked at no diff.
  const last = ctx.stores.reviews
    .listForTask(taskId)
    .filter((r) => r.voided_at === null && r.subject === 'code')
    .at(-1);
  if (last === undefined) return { kind: 'none', reason: `task ${taskId} has not been reviewed yet` };
  const target = await reviewTarget(ctx, task);
  const review = { verdict: last.verdict, by: last.by, at: last.at };
  const found = await gitText(ctx.paths.mainRoot, ['cat-file', '-t', last.commit_sha], {
    okCodes: [0, 1, 128],
  }).catch(() => '');
  if (found !== 'commit') {
    return {
      kind: 'none',
      reason: `the commit last reviewed (${last.commit_sha.slice(0, 8)}) is no longer in the repository`,
    };
  }
  const result = await interdiffOf(ctx.paths.mainRoot, {
    base: target.base.oid,
    reviewed: last.commit_sha,
    tip: target.tip,
  });
  return { kind: 'interdiff', reviewed: last.commit_sha, tip: target.tip, review, ...result };
}
