// The `owns` of adopted work (grove adopt), inferred from the files its branch changed: the deepest
// folder each changed file shares with its neighbours, as `<folder>/**`, or the file itself at the root.
// Shown to the lead to confirm; never wider than what changed.

/** At most this many globs; beyond it, the folders one level up. */
const MAX_GLOBS = 6;

function folderOf(path: string, depth: number): string | undefined {
  const parts = path.split('/');
  if (parts.length <= 1) return undefined;
  return parts.slice(0, Math.min(depth, parts.length - 1)).join('/');
}

export function inferOwns(changed: readonly string[]): string[] {
  const files = [...new Set(changed)].sort();
  if (files.length === 0) return [];
  for (let depth = 3; depth >= 1; depth--) {
    const globs = new Set(
      files.map((f) => {
        const dir = folderOf(f, depth);
        return dir === undefined ? f : `${dir}/**`;
      }),
    );
    if (globs.size <= MAX_GLOBS || depth === 1) return [...globs].sort();
  }
  return files;
}
