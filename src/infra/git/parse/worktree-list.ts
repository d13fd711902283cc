/** One entry of `git worktree list --porcelain -z`. */
export interface WorktreeEntry {
  path: string;
  /** Commit checked out; undefined for a bare repository entry. */
  head: string | undefined;
  /** Full ref name (`refs/heads/x`), undefined when detached or bare. */
  branch: string | undefined;
  bare: boolean;
  detached: boolean;
  /** Reason text when locked ('' when locked without a reason). */
  locked: string | undefined;
  /** Reason text when git considers the entry prunable (its folder is gone). */
  prunable: string | undefined;
}

/**
 * Parses `git worktree list --porcelain -z`: attributes are NUL-terminated, an empty attribute ends a
 * record. Pure: unit-tested on fixtures.
 */
export function parseWorktreeList(output: string): WorktreeEntry[] {
  const entries: WorktreeEntry[] = [];
  let current: WorktreeEntry | undefined;
  for (const field of output.split('\0')) {
    if (field === '') {
      if (current) entries.push(current);
      current = undefined;
      continue;
    }
    const space = field.indexOf(' ');
    const key = space === -1 ? field : field.slice(0, space);
    const value = space === -1 ? '' : field.slice(space + 1);
    if (key === 'worktree') {
      if (current) entries.push(current);
      current = {
        path: value,
        head: undefined,
        branch: undefined,
        bare: false,
        detached: false,
        locked: undefined,
        prunable: undefined,
      };
      continue;
    }
    if (!current) continue;
    switch (key) {
      case 'HEAD':
        current.head = value;
        break;
      case 'branch':
        current.branch = value;
        break;
      case 'bare':
        current.bare = true;
        break;
      case 'detached':
        current.detached = true;
        break;
      case 'locked':
        current.locked = value;
        break;
      case 'prunable':
        current.prunable = value;
        break;
      default:
        // Attributes added by newer git versions are ignored.
        break;
    }
  }
  if (current) entries.push(current);
  return entries;
}
