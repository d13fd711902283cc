// Which pairs of task branches can be left out of the conflict check without running a merge: two
// branches forked from the same base commit, with no commit in common beyond it, that touch disjoint
// paths (no path of one is the other's path or a folder above it) merge cleanly — their merge base is
// that fork, and a three-way merge conflicts only where both sides changed something. Everything else
// (different forks, shared commits, merges inside a branch, a branch with no commits) still gets
// `git merge-tree`, so the answer is the same as checking every pair.

/** A branch's own history against the base: its commits, the base commits they start from, the paths they touch. */
export interface Footprint {
  commits: ReadonlySet<string>;
  /** Parents of its commits that are not its own (the fork point; more than one after a merge). */
  forks: ReadonlySet<string>;
  paths: ReadonlySet<string>;
}

interface LoggedCommit {
  parents: string[];
  paths: string[];
}

/**
 * Reads ONE `git log --format=%x00%H %P --name-only --no-renames <tip>… --not <base>` (a NUL, the
 * commit and its parents, then the paths it touched) into each tip's footprint: its commits are those
 * reachable from it in that log.
 */
export function footprintsFromLog(log: string, tips: readonly string[]): Footprint[] {
  const logged = new Map<string, LoggedCommit>();
  for (const chunk of log.split('\0')) {
    const [head, ...rest] = chunk.split('\n');
    if (head === undefined || head.trim() === '') continue;
    const [commit, ...parents] = head.trim().split(' ');
    logged.set(commit!, {
      parents: parents.filter((p) => p !== ''),
      paths: rest.filter((l) => l.trim() !== ''),
    });
  }
  return tips.map((tip) => {
    const commits = new Set<string>();
    const forks = new Set<string>();
    const paths = new Set<string>();
    const todo = logged.has(tip) ? [tip] : [];
    while (todo.length > 0) {
      const c = todo.pop()!;
      if (commits.has(c)) continue;
      commits.add(c);
      const entry = logged.get(c)!;
      for (const p of entry.paths) paths.add(p);
      for (const parent of entry.parents) {
        if (logged.has(parent)) todo.push(parent);
        else forks.add(parent);
      }
    }
    return { commits, forks, paths };
  });
}

function folders(set: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const p of set) for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) out.add(p.slice(0, i));
  return out;
}

function touchesSamePlace(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const p of small) if (large.has(p)) return true;
  // A file on one side where the other has a folder (a/b vs a/b/c): git reports that as a conflict.
  const fa = folders(a);
  const fb = folders(b);
  for (const p of a) if (fb.has(p)) return true;
  for (const p of b) if (fa.has(p)) return true;
  return false;
}

/** True unless the pair is certain to merge cleanly (then no merge needs to run). */
export function needsMerge(a: Footprint, b: Footprint): boolean {
  if (a.commits.size === 0 || b.commits.size === 0) return true;
  if (a.forks.size !== 1 || b.forks.size !== 1) return true;
  const [fa] = a.forks;
  if (!b.forks.has(fa!)) return true;
  for (const c of a.commits) if (b.commits.has(c)) return true;
  return touchesSamePlace(a.paths, b.paths);
}
