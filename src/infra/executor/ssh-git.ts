import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { GroveError } from '../../shared/errors.js';
import { run } from '../process/run.js';
import {
  carriedCommits,
  hostCarryScript,
  readLocalPosition,
  readLocalState,
  recordCarried,
  settleCarried,
} from './ssh-carry.js';
import type { LocalState } from './ssh-carry.js';
import type { RemoteShell } from '../ssh/connection.js';
import { remotePath, shellLine, shellQuote } from '../ssh/shell-quote.js';
import type { SshTarget } from '../ssh/ssh-args.js';
import { sshOptionArgs } from '../ssh/ssh-args.js';

/**
 * Git between this machine and a host's clone (`<root>/repo.git`, bare), over the host's shared SSH
 * connection (commands through grove's channel, git's own transfers as `git push`/`fetch` over ssh): the task's commit goes there before an attempt, the task branch (and what the agent left
 * uncommitted) comes back after it, into the local worktree, so the local gates and queue treat it like
 * any other task.
 */
export interface HostLayout {
  root: string;
  repo: string;
  worktrees: string;
  state: string;
  tools: string;
}

export function hostLayout(root: string): HostLayout {
  const r = root.replace(/\/+$/, '') || '/';
  return {
    root: r,
    repo: posix.join(r, 'repo.git'),
    worktrees: posix.join(r, 'worktrees'),
    state: posix.join(r, 'state'),
    tools: posix.join(r, 'grove'),
  };
}

/** `ssh://…/repo.git` of the host's clone (a `~/` root is the login user's home, as git reads `/~/`). */
export function repoUrl(target: SshTarget, layout: HostLayout): string {
  const { host } = target;
  const path = layout.repo.startsWith('~/') ? `/${layout.repo}` : layout.repo;
  return `ssh://${host.ssh}${host.port !== undefined ? `:${host.port}` : ''}${path}`;
}

function gitEnv(target: SshTarget): NodeJS.ProcessEnv {
  return { ...process.env, GIT_SSH_COMMAND: shellLine(['ssh', ...sshOptionArgs(target)]) };
}

async function localGit(target: SshTarget, cwd: string, args: string[], input?: string): Promise<string> {
  const r = await run('git', args, {
    cwd,
    env: gitEnv(target),
    timeoutMs: 300_000,
    ...(input !== undefined ? { input } : {}),
  });
  if (r.code !== 0) {
    throw new GroveError(
      'STATE_INVALID',
      `git ${args[0]} with host ${target.name} failed: ${r.stderr.trim()}`,
      {
        hint: `run \`grove hosts check ${target.name}\``,
      },
    );
  }
  return r.stdout;
}

async function remoteSh(connection: RemoteShell, what: string, script: string): Promise<string> {
  const r = await connection.shOrThrow(`set -e\n${script}`, { timeoutMs: 300_000 });
  if (r.code !== 0) {
    throw new GroveError(
      'STATE_INVALID',
      `${what} on host ${connection.target.name} failed: ${r.stderr.trim() || `exit ${r.code}`}`,
      { hint: `run \`grove hosts check ${connection.target.name}\`` },
    );
  }
  return r.stdout;
}

/**
 * Makes the host's worktree for the local worktree `localWorktree` match it: the host's clone is made on
 * first use, the local HEAD is pushed there unless the clone has it already, and the host's worktree
 * (`<root>/worktrees/<name>`) is made or set to that commit on the same branch: one command on the host
 * when it has the commit (a task starting from a base the host saw before), else that command, a push
 * and the command again. The host's worktree is grove's copy: what an earlier attempt left there was
 * brought back when it ended.
 */
export async function prepareHostWorktree(
  connection: RemoteShell,
  layout: HostLayout,
  localWorktree: string,
): Promise<{ branch: string; remoteWorktree: string }> {
  const { target } = connection;
  const [state, ident] = await Promise.all([readLocalState(localWorktree), identity(localWorktree)]);
  const { branch, head: sha } = state;
  const remoteWorktree = posix.join(layout.worktrees, posix.basename(localWorktree));
  const script = worktreeScript(layout, remoteWorktree, state, ident);
  const made = async (): Promise<boolean> =>
    (await remoteSh(connection, 'making the worktree', script)).trim().endsWith('made');
  if (!(await made())) {
    await localGit(target, localWorktree, [
      'push',
      '-q',
      repoUrl(target, layout),
      `+${sha}:refs/grove/base/${branch}`,
      ...carriedCommits(state).map((c, i) => `+${c}:refs/grove/carried/${branch}/${i}`),
    ]);
    if (!(await made())) {
      throw new GroveError(
        'STATE_INVALID',
        `commit ${sha.slice(0, 8)} is not in the clone on host ${target.name} after pushing it there`,
        { hint: `run \`grove hosts check ${target.name}\`` },
      );
    }
  }
  if (state.operation !== undefined || state.changes !== undefined) await recordCarried(localWorktree, state);
  return { branch, remoteWorktree };
}

/**
 * The host's side of prepareHostWorktree: makes the clone (with the local identity), then, if the clone
 * has the local HEAD (and the commits a carried merge, rebase or uncommitted files need), pins it
 * (`refs/grove/base/<branch>`), makes or resets the worktree to it, carries the operation or files
 * there (ssh-carry.ts) and prints `made`; else prints `missing`.
 */
export function worktreeScript(
  layout: HostLayout,
  remoteWorktree: string,
  state: LocalState,
  ident: ReadonlyArray<readonly [string, string]>,
): string {
  const { branch, head: sha } = state;
  const needed = [sha, ...carriedCommits(state)].map((c) => shellQuote(`${c}^{commit}`)).join(' ');
  const repo = remotePath(layout.repo);
  const wt = remotePath(remoteWorktree);
  const b = shellQuote(branch);
  return (
    `[ -d ${repo} ] || git init -q --bare ${repo}\n` +
    // Set only when it differs: concurrent starts on one host would otherwise race for the config lock.
    ident
      .map(([k, v]) => {
        const [key, value] = [shellQuote(k), shellQuote(v)];
        return `[ "$(git -C ${repo} config ${key})" = ${value} ] || git -C ${repo} config ${key} ${value}\n`;
      })
      .join('') +
    `for c in ${needed}; do git -C ${repo} cat-file -e "$c" 2>/dev/null || { echo missing; exit 0; }; done\n` +
    `git -C ${repo} update-ref ${shellQuote(`refs/grove/base/${branch}`)} ${sha}\n` +
    `if [ -e ${wt}/.git ]; then\n` +
    `  cd ${wt} && git checkout -q -B ${b} ${sha} && git reset -q --hard ${sha} && git clean -fdq\n` +
    `else\n` +
    `  mkdir -p ${remotePath(layout.worktrees)} && git -C ${repo} worktree prune\n` +
    `  git -C ${repo} worktree add -q -B ${b} ${wt} ${sha}\n` +
    `fi\n` +
    `cd ${wt}\n${hostCarryScript(state)}` +
    `echo made\n`
  );
}

/** The local repository's committer name and email, so commits made on the host carry them too. */
async function identity(cwd: string): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = [];
  for (const key of ['user.name', 'user.email']) {
    const r = await run('git', ['config', key], { cwd });
    if (r.code === 0 && r.stdout.trim()) out.push([key, r.stdout.trim()]);
  }
  return out;
}

/**
 * Brings the task branch back from the host's worktree into the local one (fast-forward), and what the
 * agent left uncommitted there as uncommitted changes here, exactly as if it had run here. One command
 * on the host: it records the leftovers (`refs/grove/leftovers/<branch>`) and answers with a git bundle
 * of what the local worktree lacks (base64); a bundle that did not come whole is fetched by git over
 * ssh instead.
 */
export async function fetchBackFromHost(
  connection: RemoteShell,
  layout: HostLayout,
  localWorktree: string,
  remoteWorktree: string,
): Promise<{ head: string; leftovers: boolean }> {
  const { target } = connection;
  const { branch, head: have } = await readLocalPosition(localWorktree);
  const leftRef = `refs/grove/leftovers/${branch}`;
  const out = await remoteSh(
    connection,
    'reading the worktree',
    fetchBackScript(remoteWorktree, branch, leftRef, have),
  );
  const [meta = '', sizeLine = '', ...rest] = out.split('\n');
  const [remoteBranch, stash, remoteHead] = meta.trim().split(' ');
  if (remoteBranch !== branch) {
    throw new GroveError(
      'STATE_INVALID',
      `the worktree on host ${target.name} is on branch ${remoteBranch ?? '?'}, not ${branch}`,
      { hint: 'the agent switched branches; its commits stay on the host' },
    );
  }
  const leftovers = stash !== undefined && stash !== '-';
  if (remoteHead === have && !leftovers) {
    await settleCarried(localWorktree, branch, target.name); // nothing came back; what was carried goes
  } else {
    const bundle = Buffer.from(rest.join(''), 'base64');
    const whole = /^\d+$/.test(sizeLine.trim()) && bundle.length === Number(sizeLine.trim());
    const source = whole ? writeBundle(bundle) : undefined;
    try {
      const from = source?.path ?? repoUrl(target, layout);
      await localGit(target, localWorktree, ['fetch', '-q', from, `refs/heads/${branch}`]);
      const carried = await settleCarried(localWorktree, branch, target.name);
      if (carried?.kind === 'rebase') {
        // The agent finished the rebase there: the branch moved onto the base, as a local rebase moves it.
        await localGit(target, localWorktree, ['update-ref', `refs/grove/before-rebase/${branch}`, 'HEAD']);
        await localGit(target, localWorktree, ['reset', '-q', '--keep', 'FETCH_HEAD']);
      } else await localGit(target, localWorktree, ['merge', '-q', '--ff-only', 'FETCH_HEAD']);
      if (leftovers) {
        await localGit(target, localWorktree, ['fetch', '-q', from, leftRef]);
        const diff = await localGit(target, localWorktree, ['diff', '--binary', 'HEAD', 'FETCH_HEAD']);
        if (diff) await localGit(target, localWorktree, ['apply', '--whitespace=nowarn', '-'], diff);
      }
    } finally {
      source?.remove();
    }
  }
  const head = (await localGit(target, localWorktree, ['rev-parse', 'HEAD'])).trim();
  return { head, leftovers };
}

/**
 * The host's side of fetchBackFromHost. Prints `<branch> <leftovers commit or -> <HEAD>`, then, when
 * there is something the local worktree (at `have`) lacks, the bundle's size in bytes and the bundle in
 * base64 (nothing after the first line when making the bundle failed: git over ssh then).
 */
export function fetchBackScript(
  remoteWorktree: string,
  branch: string,
  leftRef: string,
  have: string,
): string {
  const left = shellQuote(leftRef);
  const h = shellQuote(have);
  return (
    `cd ${remotePath(remoteWorktree)}\n` +
    `git add -A\nw=$(git stash create)\ngit reset -q\n` +
    `if [ -n "$w" ]; then git update-ref ${left} "$w"; fi\n` +
    `b=$(git symbolic-ref --short HEAD 2>/dev/null || true)\nhead=$(git rev-parse HEAD)\n` +
    `printf '%s %s %s\\n' "\${b:-?}" "\${w:--}" "$head"\n` +
    `[ "$b" = ${shellQuote(branch)} ] || exit 0\n` +
    `[ "$head" != ${h} ] || [ -n "$w" ] || exit 0\n` +
    `not=; if git cat-file -e ${h} 2>/dev/null; then not=^${h}; fi\n` +
    `tmp=$(mktemp)\n` +
    `if git bundle create "$tmp" "refs/heads/$b" \${w:+${left}} $not 2>/dev/null; then\n` +
    `  wc -c < "$tmp" | tr -d ' '\n  base64 < "$tmp"\n` +
    `fi\nrm -f "$tmp"\n`
  );
}

/** A bundle in a file of its own (git fetches from a path), removed after. */
function writeBundle(bundle: Buffer): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'grove-bundle-'));
  const path = join(dir, 'back.bundle');
  writeFileSync(path, bundle);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
