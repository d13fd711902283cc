import picomatch from 'picomatch';

interface Rule {
  negate: boolean;
  dirOnly: boolean;
  test: (path: string) => boolean;
  /** For anchored patterns: the literal folder prefix before the first glob character. */
  prefix: string | undefined;
}

export interface PathMatcher {
  /** Whether `path` (relative, `/`-separated, no trailing slash) is selected; the last matching rule wins. */
  matches(path: string, isDir: boolean): boolean;
  /**
   * Whether some rule could select a path strictly inside folder `dir` that the folder itself does not
   * match (anchored patterns that reach into it), so the folder must be listed file by file.
   */
  reachesInto(dir: string): boolean;
}

/**
 * Compiles gitignore-style patterns (`.worktreeinclude`, config `copy`): `#` comments, `!` negation, a
 * trailing `/` for folders only, a leading or inner `/` anchors to the root, otherwise the pattern matches
 * a name at any depth; `*`, `?`, `[...]`, `**`. A folder that matches selects everything under it.
 */
export function compileGitignore(patterns: readonly string[]): PathMatcher {
  const rules: Rule[] = [];
  for (const raw of patterns) {
    let p = raw.replace(/\r$/, '').replace(/(?<!\\)\s+$/, '');
    if (p === '' || p.startsWith('#')) continue;
    const negate = p.startsWith('!');
    if (negate) p = p.slice(1);
    if (p.startsWith('\\')) p = p.slice(1);
    const dirOnly = p.endsWith('/');
    if (dirOnly) p = p.replace(/\/+$/, '');
    if (p === '') continue;
    const anchored = p.includes('/');
    p = p.replace(/^\//, '');
    const glob = anchored ? p : `**/${p}`;
    const test = picomatch(glob, { dot: true });
    const literal = /^[^*?[\\]*/.exec(p)?.[0] ?? '';
    const prefix = anchored ? literal.slice(0, literal.lastIndexOf('/') + 1) : undefined;
    rules.push({ negate, dirOnly, test, prefix });
  }

  const selfMatch = (path: string, isDir: boolean): boolean | undefined => {
    let result: boolean | undefined;
    for (const r of rules) {
      if (r.dirOnly && !isDir) continue;
      if (r.test(path)) result = !r.negate;
    }
    return result;
  };

  return {
    matches(path, isDir) {
      const parts = path.split('/');
      // A selected (or explicitly excluded) ancestor folder decides for everything under it.
      let decided: boolean | undefined;
      for (let i = 1; i < parts.length; i++) {
        const r = selfMatch(parts.slice(0, i).join('/'), true);
        if (r !== undefined) decided = r;
      }
      const own = selfMatch(path, isDir);
      return own ?? decided ?? false;
    },
    reachesInto(dir) {
      const withSlash = `${dir}/`;
      return rules.some(
        (r) =>
          !r.negate &&
          r.prefix !== undefined &&
          (r.prefix.startsWith(withSlash) || withSlash.startsWith(r.prefix)),
      );
    },
  };
}
