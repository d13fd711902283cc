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

/** Fields of one `for-each-ref` line, NUL-separated (a ref name cannot hold a NUL). */
const REF_FORMAT = '%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00%(symref)';
const ORIGIN_HEAD = 'refs/remotes/origin/HEAD';

interface RefFacts {
  /** Full ref name → the commit it holds (through an annotated tag); refs to other objects absent. */
  commits: Map<string, string>;
  /** Every ref found, whatever it holds. */
  found: Set<string>;
  /** The local branch origin/HEAD names (`origin/x` → `x`), when it points at an existing ref. */
  originHead: string | undefined;
}

/** What ONE `git for-each-ref` tells of exactly `refs` (a dangling symref is not listed). */
async function readRefs(repo: string, refs: readonly string[]): Promise<RefFacts> {
  for (const ref of refs) {
    if (/[\n\0]/.test(ref)) throw new GroveError('GIT_FAILED', `invalid ref name ${JSON.stringify(ref)}`);
  }
  const wanted = new Set(refs);
  const out = await gitText(repo, ['for-each-ref', `--format=${REF_FORMAT}`, '--', ...wanted]);
  const facts: RefFacts = { commits: new Map(), found: new Set(), originHead: undefined };
  for (const line of out.split('\n')) {
    const [ref = '', type, oid = '', peeledType, peeled = '', symref = ''] = line.split('\0');
    // A pattern also matches the refs below it (`refs/heads/a` lists `refs/heads/a/b`): exact names only.
    if (!wanted.has(ref)) continue;
    facts.found.add(ref);
    if (type === 'commit') facts.commits.set(ref, oid);
    else if (peeledType === 'commit') facts.commits.set(ref, peeled);
    if (ref === ORIGIN_HEAD && symref.startsWith('refs/remotes/origin/')) {
      facts.originHead = symref.slice('refs/remotes/origin/'.length);
    }
  }
  return facts;
}

const noDefaultBranch = (repo: string): GroveError =>
  new GroveError(
    'GIT_FAILED',
    `cannot tell the default branch of ${repo} (HEAD is detached and there is no main or master)`,
    { hint: 'set `base: <branch>` in .grove/config.yaml' },
  );

export interface BranchTips {
  /** Branch name → the commit at its tip; a missing branch (or one not holding a commit) is absent. */
  tips: Map<string, string>;
  /** The repository's default branch (see defaultBranch), when asked for. */
  defaultBranch?: string;
}

/**
 * The tip commit of each of `branches` and, with `withDefault`, the repository's default branch (as
 * defaultBranch tells it, its tip in `tips`), from ONE `git for-each-ref`; a second call only when
 * origin/HEAD names a branch not asked for, or none of origin/HEAD, main and master exists (HEAD then
 * tells). Throws when the default branch was asked for and cannot be told.
 */
export async function branchTips(
  repo: string,
  branches: readonly string[],
  options: { withDefault: boolean } = { withDefault: false },
): Promise<BranchTips> {
  const head = (b: string): string => `refs/heads/${b}`;
  const refs = branches.filter((b) => b !== '').map(head);
  if (options.withDefault) refs.push(ORIGIN_HEAD, head('main'), head('master'));
  const facts = await readRefs(repo, refs);
  const tips = new Map<string, string>();
  const collect = (names: readonly string[], from: RefFacts): void => {
    for (const b of names) {
      const oid = from.commits.get(head(b));
      if (oid !== undefined) tips.set(b, oid);
    }
  };
  collect(branches, facts);
  if (!options.withDefault) return { tips };
  const origin = facts.originHead;
  if (origin !== undefined && !refs.includes(head(origin))) {
    // origin/HEAD names a branch not asked about: is there a local one of that name?
    const more = await readRefs(repo, [head(origin)]);
    if (more.found.has(head(origin))) {
      collect([origin], more);
      return { tips, defaultBranch: origin };
    }
  }
  for (const c of [origin, 'main', 'master']) {
    if (c !== undefined && facts.found.has(head(c))) {
      collect([c], facts);
      return { tips, defaultBranch: c };
    }
  }
  const checkedOut = await git(repo, ['symbolic-ref', '-q', '--short', 'HEAD'], { okCodes: [0, 1, 128] });
  const name = checkedOut.code === 0 ? checkedOut.stdout.trim() : '';
  if (name === '') throw noDefaultBranch(repo);
  collect([name], await readRefs(repo, [head(name)]));
  return { tips, defaultBranch: name };
}

/**
 * The repository's default branch: `origin/HEAD` when a remote says so (and a local branch of that
 * name exists), else `main` or `master` when they exist, else the branch checked out in `repo`. Throws
 * when none applies (detached, no branches). One `git for-each-ref` in the common case.
 */
export async function defaultBranch(repo: string): Promise<string> {
  const { defaultBranch: name } = await branchTips(repo, [], { withDefault: true });
  if (name === undefined) throw noDefaultBranch(repo);
  return name;
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
