// Which paths a task owns, and whether two tasks' ownership globs can touch the same path.
import picomatch from 'picomatch';

/** picomatch options grove uses everywhere: dot files are ordinary files. */
const MATCH_OPTIONS = { dot: true, windows: false } as const;

/** Characters that make a glob more than a literal string (backslash included: escapes are magic). */
const MAGIC = /[*?[\]{}()!+@\\]/;

const matcherCache = new Map<string, (path: string) => boolean>();

function matcher(glob: string): (path: string) => boolean {
  const cached = matcherCache.get(glob);
  if (cached) return cached;
  const m = picomatch(normaliseGlob(glob), MATCH_OPTIONS);
  matcherCache.set(glob, m);
  return m;
}

/** `./src/**` and `src/**` mean the same; grove stores the second. */
export function normaliseGlob(glob: string): string {
  let g = glob.trim();
  while (g.startsWith('./')) g = g.slice(2);
  return g;
}

/** Why a glob cannot be used in `owns`/`reads`, or undefined when it is fine. */
export function globProblem(glob: string): string | undefined {
  const g = normaliseGlob(glob);
  if (g === '') return 'an empty glob matches nothing';
  if (g.startsWith('/')) return 'globs are relative to the repository root; drop the leading "/"';
  if (g.startsWith('!')) return 'negated globs are not supported; list the paths the task owns instead';
  if (g.includes('\\')) return 'use "/" between folders, not "\\"';
  if (g.split('/').includes('..')) return 'a glob may not leave the repository (no ".." segments)';
  if (g.endsWith('/')) return `a trailing "/" matches no file; write "${g}**" for everything under it`;
  try {
    picomatch.makeRe(g, { ...MATCH_OPTIONS, strictBrackets: true });
  } catch (error) {
    return `not a valid glob: ${error instanceof Error ? error.message : String(error)}`;
  }
  return undefined;
}

/** True when `path` (relative to the repository root, `/`-separated) matches one of `globs`. */
export function isOwned(path: string, globs: readonly string[]): boolean {
  const p = path.startsWith('./') ? path.slice(2) : path;
  return globs.some((g) => matcher(g)(p));
}

/** The changed paths that no glob in `owns` covers, in input order, without duplicates. */
export function ownershipViolations(changedPaths: readonly string[], owns: readonly string[]): string[] {
  return [...new Set(changedPaths)].filter((p) => !isOwned(p, owns));
}

export type GlobOverlap =
  | { kind: 'disjoint'; reason: 'prefix' | 'suffix' }
  | { kind: 'overlap'; example: string }
  | { kind: 'unknown' };

/**
 * Can one path match both globs? A sound heuristic: it never answers `disjoint` for globs that share a
 * path. Every match of a glob starts with its literal prefix (the characters before the first magic
 * character) and ends with its literal suffix (after the last one), so two globs whose prefixes differ
 * within their common length, or whose suffixes do, are disjoint. Otherwise a few sample paths made
 * from each glob (wildcards replaced by `x`, first brace alternative) are tried against the other: a
 * sample matching both is a proven `overlap`. What neither proves is `unknown`, which callers treat as
 * "may overlap".
 */
export function compareGlobs(a: string, b: string): GlobOverlap {
  const ga = normaliseGlob(a);
  const gb = normaliseGlob(b);
  if (!compatible(literalPrefix(ga), literalPrefix(gb), 'prefix'))
    return { kind: 'disjoint', reason: 'prefix' };
  if (!compatible(literalSuffix(ga), literalSuffix(gb), 'suffix'))
    return { kind: 'disjoint', reason: 'suffix' };
  for (const sample of [...samples(ga), ...samples(gb), ...crossSamples(ga, gb)]) {
    if (matcher(ga)(sample) && matcher(gb)(sample)) return { kind: 'overlap', example: sample };
  }
  return { kind: 'unknown' };
}

/** True unless the globs provably match disjoint sets of paths (see `compareGlobs`). */
export function globsMayOverlap(a: string, b: string): boolean {
  return compareGlobs(a, b).kind !== 'disjoint';
}

function literalPrefix(glob: string): string {
  const i = glob.search(MAGIC);
  return i === -1 ? glob : glob.slice(0, i);
}

function literalSuffix(glob: string): string {
  for (let i = glob.length - 1; i >= 0; i--) {
    if (MAGIC.test(glob.charAt(i))) return glob.slice(i + 1);
  }
  return glob;
}

function compatible(x: string, y: string, side: 'prefix' | 'suffix'): boolean {
  const n = Math.min(x.length, y.length);
  return side === 'prefix'
    ? x.slice(0, n) === y.slice(0, n)
    : x.slice(x.length - n) === y.slice(y.length - n);
}

/** Paths made of the longer literal prefix and the longer literal suffix of the two globs. */
function crossSamples(a: string, b: string): string[] {
  const longer = (x: string, y: string): string => (x.length >= y.length ? x : y);
  const prefix = longer(literalPrefix(a), literalPrefix(b));
  const suffix = longer(literalSuffix(a), literalSuffix(b));
  return [`${prefix}${suffix}`, `${prefix}x${suffix}`, `${prefix}x/x${suffix}`];
}

/** A few concrete paths a glob matches (checked by the caller; unmatched samples are harmless). */
function samples(glob: string): string[] {
  const firstBrace = (g: string): string => g.replace(/\{([^{},]*)(?:,[^{}]*)?\}/g, '$1');
  const classes = (g: string): string => g.replace(/\[!?\^?([^\]])[^\]]*\]/g, '$1');
  const base = classes(firstBrace(glob));
  const variants = [
    base.replace(/\*\*\//g, '').replace(/\*\*/g, 'x'),
    base.replace(/\*\*/g, 'x'),
    base.replace(/\*\*\//g, 'x/y/'),
  ];
  return [...new Set(variants.map((v) => v.replace(/\*/g, 'x').replace(/\?/g, 'x')))];
}
