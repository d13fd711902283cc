// `grove adopt`: work made outside grove (a branch, another tool's worktree, a pull request) becomes a
// task at the verify stage, then goes through gates → review → queue like any other. grove never
// touches the source: it makes its own branch `grove/<id>` at the same commit and its own worktree; a
// spec is written from the commits (and the PR's text) unless one exists, with `owns` inferred from the
// diff for the lead to confirm. Every bad input is refused before anything is written.
import { existsSync, mkdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inferOwns } from '../../core/ownership-infer.js';
import { GroveError } from '../../shared/errors.js';
import { TASK_ID_PATTERN } from '../../shared/task-spec.js';
import { branchExists, createBranch, deleteBranch } from '../../infra/git/branch.js';
import { git, gitText } from '../../infra/git/exec.js';
import { resolveRef } from '../../infra/git/refs.js';
import { diffNumstat, worktreeStatus } from '../../infra/git/status.js';
import { listWorktrees } from '../../infra/git/worktree.js';
import { run } from '../../infra/process/run.js';
import { loadTasks, TASKS_DIR } from '../../infra/spec/load.js';
import { suggestId } from '../../infra/spec/validate-task.js';
import type { ProjectContext } from '../context.js';
import { renderTaskTemplate } from '../new-task.js';
import { syncTasks } from '../sync-tasks.js';
import { branchFor } from '../workspace/naming.js';
import { resolveBase } from '../workspace/base.js';
import { spawnWorkspace } from '../workspace/spawn.js';

export interface AdoptResult {
  taskId: string;
  source: { kind: 'branch' | 'worktree' | 'pull-request'; label: string };
  tip: string;
  branch: string;
  worktree: string;
  /** The spec grove wrote (false: the lead's own `.grove/tasks/<id>.md` was used). */
  specWritten: boolean;
  specFile: string;
  owns: string[];
  changedFiles: number;
  notes: string[];
}

interface Source {
  kind: AdoptResult['source']['kind'];
  label: string;
  tip: string;
  /** The pull request's title and text, when `gh` could tell. */
  title?: string;
  body?: string;
  notes: string[];
}

const usage = (message: string, hint: string): GroveError => new GroveError('USAGE', message, { hint });

/** A pull request given as `#12`, `12` or its URL (…/pull/12). */
function pullNumber(ref: string): number | undefined {
  const m = /^#?(\d+)$/.exec(ref) ?? /\/pull\/(\d+)(?:\/|$)/.exec(ref);
  return m ? Number(m[1]) : undefined;
}

async function fromWorktree(ctx: ProjectContext, path: string): Promise<Source | undefined> {
  if (!existsSync(path) || !statSync(path).isDirectory()) return undefined;
  const real = realpathSync(path);
  const entry = (await listWorktrees(ctx.paths.mainRoot)).find(
    (w) => existsSync(w.path) && realpathSync(w.path) === real,
  );
  if (!entry) {
    throw usage(
      `${path} is a folder but not a worktree of this repository`,
      'give a worktree `git worktree list` shows, a branch or a pull request',
    );
  }
  if (realpathSync(ctx.paths.mainRoot) === real) {
    throw usage('that is the main checkout, not outside work', 'give the branch or worktree the work is on');
  }
  const dirty = (await worktreeStatus(real)).entries.filter((e) => e.kind !== 'ignored');
  if (dirty.length > 0) {
    throw usage(
      `${path} has uncommitted work (${dirty
        .slice(0, 5)
        .map((e) => e.path)
        .join(', ')}${dirty.length > 5 ? ', …' : ''}); nothing was adopted`,
      'commit it there (grove adopts commits, never a worktree’s unsaved files), then adopt again',
    );
  }
  const tip = await gitText(real, ['rev-parse', 'HEAD']);
  const label = entry.branch?.replace(/^refs\/heads\//, '') ?? `worktree ${path}`;
  return {
    kind: 'worktree',
    label,
    tip,
    notes: [`the worktree ${real} stays where it is; grove works in its own`],
  };
}

async function fromPullRequest(ctx: ProjectContext, n: number): Promise<Source> {
  const remote = ctx.config.queue.remote;
  const fetched = await git(ctx.paths.mainRoot, ['fetch', '--quiet', remote, `refs/pull/${n}/head`], {
    okCodes: [0, 1, 128],
  });
  if (fetched.code !== 0) {
    throw usage(
      `pull request ${n} could not be fetched from ${remote}: ${fetched.stderr.trim().split('\n')[0] ?? ''}`,
      `check the number and that \`git fetch ${remote} refs/pull/${n}/head\` works (config queue.remote names the remote)`,
    );
  }
  const tip = await gitText(ctx.paths.mainRoot, ['rev-parse', 'FETCH_HEAD']);
  const source: Source = { kind: 'pull-request', label: `pull request #${n}`, tip, notes: [] };
  const gh = await run('gh', ['pr', 'view', String(n), '--json', 'title,body'], {
    cwd: ctx.paths.mainRoot,
    timeoutMs: 20_000,
  }).catch(() => undefined);
  if (gh === undefined || gh.code !== 0) {
    source.notes.push(
      gh === undefined
        ? "gh (GitHub's CLI) is not installed: the spec was written from the commits, not the pull request's text"
        : `gh could not read pull request #${n} (${gh.stderr.trim().split('\n')[0] ?? ''}): the spec was written from the commits`,
    );
    return source;
  }
  const info = JSON.parse(gh.stdout) as { title?: string; body?: string };
  if (info.title) source.title = info.title;
  if (info.body) source.body = info.body;
  return source;
}

async function fromBranch(ctx: ProjectContext, ref: string): Promise<Source | undefined> {
  const root = ctx.paths.mainRoot;
  const local = await resolveRef(root, `refs/heads/${ref}`);
  if (local) return { kind: 'branch', label: ref, tip: local, notes: [] };
  const remote = await resolveRef(root, `refs/remotes/${ref}`);
  if (remote) return { kind: 'branch', label: ref, tip: remote, notes: [] };
  return undefined;
}

async function findSource(ctx: ProjectContext, ref: string): Promise<Source> {
  const pr = pullNumber(ref);
  if (pr !== undefined) return fromPullRequest(ctx, pr);
  const worktree = await fromWorktree(ctx, resolve(ref));
  if (worktree) return worktree;
  const branch = await fromBranch(ctx, ref);
  if (branch) return branch;
  throw usage(
    `no branch, worktree or pull request "${ref}"`,
    'give a branch (`git branch -a`), a worktree path (`git worktree list`), or a pull request as #12 or its URL',
  );
}

function chooseId(ctx: ProjectContext, source: Source, given: string | undefined): string {
  const id =
    given ?? suggestId(source.label.replace(/^(?:origin|upstream)\//, '').replace(/^pull request #/, 'pr-'));
  if (!TASK_ID_PATTERN.test(id)) {
    throw usage(
      `"${id}" is not a task id`,
      `use lowercase letters, digits and dashes: --task ${suggestId(id)}`,
    );
  }
  if (ctx.store.get(id)) {
    throw usage(
      `there is already a task "${id}"`,
      `name the adopted one: grove adopt ${source.label} --task ${id}-2`,
    );
  }
  return id;
}

export async function adoptWork(
  ctx: ProjectContext,
  ref: string,
  options: { taskId?: string } = {},
): Promise<AdoptResult> {
  const root = ctx.paths.mainRoot;
  const source = await findSource(ctx, ref);
  const id = chooseId(ctx, source, options.taskId);
  const branch = branchFor(id);
  if (await branchExists(root, branch)) {
    throw usage(`branch ${branch} already exists`, `name the task otherwise: --task <id>`);
  }
  const base = await resolveBase(ctx);
  const merged = await git(root, ['merge-base', '--is-ancestor', source.tip, base.oid], { okCodes: [0, 1] });
  if (merged.code === 0) {
    throw usage(
      `${source.label} is already merged into ${base.name} (${source.tip.slice(0, 8)})`,
      'there is nothing to adopt',
    );
  }
  const changed = (await diffNumstat(root, `${base.oid}...${source.tip}`)).map((f) => f.path);
  if (changed.length === 0) {
    throw usage(`${source.label} changes nothing against ${base.name}`, 'there is nothing to adopt');
  }
  const specFile = `${TASKS_DIR}/${id}.md`;
  const specPath = join(root, specFile);
  const specWritten = !existsSync(specPath);
  const owns = specWritten ? inferOwns(changed) : (ctx.tasks.find((t) => t.id === id)?.owns ?? []);
  if (specWritten) {
    const log = await gitText(root, ['log', '--reverse', '--format=%s%n%n%b', `${base.oid}..${source.tip}`]);
    const subject = log.split('\n').find((l) => l.trim() !== '') ?? source.label;
    const goal = [
      `Adopted from ${source.label} at ${source.tip.slice(0, 8)} (grove adopt): check that its commits do what the title says.`,
      '',
      source.body?.trim() || log.trim(),
    ].join('\n');
    mkdirSync(join(root, TASKS_DIR), { recursive: true });
    writeFileSync(specPath, renderTaskTemplate(id, { title: source.title ?? subject, owns, goal }));
  }
  let branchMade = false;
  try {
    ctx.tasks = await loadTasks(root);
    const spec = ctx.tasks.find((t) => t.id === id);
    if (!spec) throw new GroveError('INTERNAL', `the spec ${specFile} did not load`);
    await createBranch(root, branch, source.tip);
    branchMade = true;
    syncTasks(ctx.store, [spec], ctx.config);
    ctx.store.patch(id, { branch });
    const spawned = await spawnWorkspace(ctx, id);
    if (spawned.kind === 'error') throw spawned.error;
    if (spawned.kind === 'hook-failed') {
      throw new GroveError('HOOK_FAILED', `the pre_start hook failed in the adopted task's worktree`, {
        hint: 'see its output in the journal (`grove events`), fix the hook, and adopt again',
      });
    }
    ctx.store.transition(
      id,
      'verifying',
      `adopted from ${source.label} at ${source.tip.slice(0, 8)}; its gates run next`,
      {
        expectFrom: ['planned'],
        data: { by: 'cli', action: 'adopt', kind: 'adopt' },
      },
    );
    return {
      taskId: id,
      source: { kind: source.kind, label: source.label },
      tip: source.tip,
      branch,
      worktree: spawned.workspace.worktree,
      specWritten,
      specFile,
      owns,
      changedFiles: changed.length,
      notes: source.notes,
    };
  } catch (error) {
    // Nothing adopted: the row (if made) is abandoned, grove's own branch and spec go; the source stays.
    const row = ctx.store.get(id);
    if (row && row.state === 'planned')
      ctx.store.transition(id, 'abandoned', `adopting ${source.label} failed: ${(error as Error).message}`);
    if (branchMade && !row?.worktree)
      await deleteBranch(root, branch, { force: true }).catch(() => undefined);
    if (specWritten) rmSync(specPath, { force: true });
    throw error;
  }
}
