import { GroveError } from '../../shared/errors.js';
import { rebasingBranch } from './catch-up.js';
import { git, gitText } from './exec.js';

/** Resolves `rev` to an object id; throws GIT_FAILED naming the rev when it does not exist. */
export async function revParse(repo: string, rev: string): Promise<string> {
  const result = await git(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', rev], {
    okCodes: [0, 1],
  });
  if (result.code !== 0) {
    throw new GroveError('GIT_FAILED', `"${rev}" does not name a commit or object in ${repo}`, {
      hint: 'check the branch or ref name (`git branch --list`)',
    });
  }
  return result.stdout.trim();
}

/** Resolves `ref` to an object id, or undefined when it does not exist. */
export async function resolveRef(repo: string, ref: string): Promise<string | undefined> {
  return (await resolveRefs(repo, [ref])).get(ref);
}

/**
 * Resolves many revs in ONE git process (`cat-file --batch-check`). Missing or ambiguous revs are absent
 * from the map. Peel with `rev^{commit}` / `rev^{tree}` to check the object type.
 */
export async function resolveRefs(repo: string, revs: readonly string[]): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  const unique = [...new Set(revs)];
  if (unique.length === 0) return map;
  for (const rev of unique) {
    if (rev.includes('\n') || rev === '')
      throw new GroveError('GIT_FAILED', `invalid revision ${JSON.stringify(rev)}`);
  }
  const out = await gitText(repo, ['cat-file', '--batch-check=%(objectname)'], {
    input: `${unique.join('\n')}\n`,
  });
  const lines = out.split('\n');
  unique.forEach((rev, i) => {
    const line = lines[i] ?? '';
    if (/^[0-9a-f]{40,64}$/.test(line)) map.set(rev, line);
  });
  return map;
}

/** The all-zero object id of the same length as `oid` (git's "must not exist"). */
export function zeroOid(oid: string): string {
  return '0'.repeat(oid.length);
}

export type UpdateRefResult = { kind: 'updated' } | { kind: 'moved'; actual: string | undefined };

/**
 * Compare-and-swap: points `ref` at `newOid` only if it is still at `expectedOld` (undefined: only if it
 * does not exist yet). Returns `moved` with the ref's actual value when someone else moved it first.
 */
export async function updateRef(
  repo: string,
  ref: string,
  newOid: string,
  expectedOld: string | undefined,
  message = 'grove',
): Promise<UpdateRefResult> {
  const old = expectedOld ?? zeroOid(newOid);
  const result = await git(repo, ['update-ref', '-m', message, '--', ref, newOid, old], {
    okCodes: [0, 1, 128],
  });
  if (result.code === 0) return { kind: 'updated' };
  return casFailure(repo, ref, expectedOld, result.stderr);
}

/** Deletes `ref` only if it still points at `expectedOld` (compare-and-swap). */
export async function deleteRef(repo: string, ref: string, expectedOld: string): Promise<UpdateRefResult> {
  const result = await git(repo, ['update-ref', '-d', '--', ref, expectedOld], { okCodes: [0, 1, 128] });
  if (result.code === 0) return { kind: 'updated' };
  return casFailure(repo, ref, expectedOld, result.stderr);
}

async function casFailure(
  repo: string,
  ref: string,
  expectedOld: string | undefined,
  stderr: string,
): Promise<UpdateRefResult> {
  const actual = await resolveRef(repo, ref);
  if (actual !== expectedOld) return { kind: 'moved', actual };
  // Still at the expected value: the failure was something else (a held lock, a bad name).
  throw new GroveError('LOCKED', `cannot update ${ref}: ${stderr.trim()}`, {
    hint: 'another git process may hold the ref lock; retry in a moment',
  });
}

/** Refs under `prefix` (e.g. `refs/grove/backup/`) with their object ids, sorted by name. */
export async function listRefs(repo: string, prefix: string): Promise<Array<{ ref: string; oid: string }>> {
  const out = await gitText(repo, ['for-each-ref', '--format=%(objectname) %(refname)', '--', prefix]);
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const space = l.indexOf(' ');
      return { oid: l.slice(0, space), ref: l.slice(space + 1) };
    })
    .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}

/**
 * The repository's default branch: `origin/HEAD` when a remote says so, else `main` or `master` when
 * they exist, else the branch checked out in `repo`. Throws when none applies (detached, no branches).
 */
export async function defaultBranch(repo: string): Promise<string> {
  const remoteHead = await git(repo, ['symbolic-ref', '-q', '--short', 'refs/remotes/origin/HEAD'], {
    okCodes: [0, 1, 128],
  });
  const candidates: string[] = [];
  if (remoteHead.code === 0) candidates.push(remoteHead.stdout.trim().replace(/^origin\//, ''));
  candidates.push('main', 'master');
  const found = await resolveRefs(
    repo,
    candidates.map((c) => `refs/heads/${c}`),
  );
  for (const c of candidates) if (found.has(`refs/heads/${c}`)) return c;
  const head = await git(repo, ['symbolic-ref', '-q', '--short', 'HEAD'], { okCodes: [0, 1, 128] });
  if (head.code === 0 && head.stdout.trim() !== '') return head.stdout.trim();
  throw new GroveError(
    'GIT_FAILED',
    `cannot tell the default branch of ${repo} (HEAD is detached and there is no main or master)`,
    {
      hint: 'set `base: <branch>` in .grove/config.yaml',
    },
  );
}

/** What `worktree` has checked out: the full ref HEAD points at (undefined when detached) and its commit. */
export async function readHead(
  worktree: string,
): Promise<{ ref: string | undefined; sha: string | undefined; rebasing?: string }> {
  const [ref, sha] = await Promise.all([
    git(worktree, ['symbolic-ref', '-q', 'HEAD'], { okCodes: [0, 1, 128] }),
    git(worktree, ['rev-parse', '-q', '--verify', 'HEAD^{commit}'], { okCodes: [0, 1, 128] }),
  ]);
  const head = {
    ref: ref.code === 0 ? ref.stdout.trim() : undefined,
    sha: sha.code === 0 ? sha.stdout.trim() : undefined,
  };
  if (head.ref !== undefined) return head;
  // Detached: maybe by a rebase in progress, which names the branch it will move.
  const rebasing = await rebasingBranch(worktree).catch(() => undefined);
  return rebasing ? { ...head, rebasing } : head;
}
