/** A changed path from `git status --porcelain=v2 -z`. */
export interface StatusEntry {
  kind: 'changed' | 'renamed' | 'unmerged' | 'untracked' | 'ignored';
  /** Two-letter XY code (`.M`, `A.`, ...); `??` for untracked, `!!` for ignored. */
  xy: string;
  path: string;
  /** Original path of a rename or copy. */
  origPath?: string;
}

export interface WorktreeStatus {
  /** `branch.oid`; undefined on an unborn branch. */
  oid: string | undefined;
  /** Branch name, or undefined when detached. */
  branch: string | undefined;
  upstream: string | undefined;
  /** `branch.ab` against the upstream, when there is one. */
  ahead: number | undefined;
  behind: number | undefined;
  entries: StatusEntry[];
  /** Tracked files changed (staged or not) or unmerged. */
  dirty: boolean;
  untracked: number;
}

/** Parses `git status --porcelain=v2 -z --branch` (pure). */
export function parseStatus(output: string): WorktreeStatus {
  const status: WorktreeStatus = {
    oid: undefined,
    branch: undefined,
    upstream: undefined,
    ahead: undefined,
    behind: undefined,
    entries: [],
    dirty: false,
    untracked: 0,
  };
  const fields = output.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] ?? '';
    if (f === '') continue;
    if (f.startsWith('# ')) {
      parseHeader(f.slice(2), status);
      continue;
    }
    const type = f[0];
    if (type === '1') {
      // 1 XY sub mH mI mW hH hI path
      const parts = splitN(f, 8);
      status.entries.push({ kind: 'changed', xy: parts[1] ?? '', path: parts[8] ?? '' });
    } else if (type === '2') {
      // 2 XY sub mH mI mW hH hI Xscore path \0 origPath
      const parts = splitN(f, 9);
      const origPath = fields[++i] ?? '';
      status.entries.push({ kind: 'renamed', xy: parts[1] ?? '', path: parts[9] ?? '', origPath });
    } else if (type === 'u') {
      // u XY sub m1 m2 m3 mW h1 h2 h3 path
      const parts = splitN(f, 10);
      status.entries.push({ kind: 'unmerged', xy: parts[1] ?? '', path: parts[10] ?? '' });
    } else if (type === '?') {
      status.entries.push({ kind: 'untracked', xy: '??', path: f.slice(2) });
    } else if (type === '!') {
      status.entries.push({ kind: 'ignored', xy: '!!', path: f.slice(2) });
    }
  }
  status.dirty = status.entries.some(
    (e) => e.kind === 'changed' || e.kind === 'renamed' || e.kind === 'unmerged',
  );
  status.untracked = status.entries.filter((e) => e.kind === 'untracked').length;
  return status;
}

function parseHeader(header: string, status: WorktreeStatus): void {
  const space = header.indexOf(' ');
  const key = header.slice(0, space);
  const value = header.slice(space + 1);
  switch (key) {
    case 'branch.oid':
      status.oid = value === '(initial)' ? undefined : value;
      break;
    case 'branch.head':
      status.branch = value === '(detached)' ? undefined : value;
      break;
    case 'branch.upstream':
      status.upstream = value;
      break;
    case 'branch.ab': {
      const m = /^\+(\d+) -(\d+)$/.exec(value);
      if (m) {
        status.ahead = Number(m[1]);
        status.behind = Number(m[2]);
      }
      break;
    }
    default:
      break;
  }
}

/** Splits on the first `n` spaces: the last part keeps any spaces (paths may contain them). */
function splitN(text: string, n: number): string[] {
  const parts: string[] = [];
  let rest = text;
  for (let k = 0; k < n; k++) {
    const space = rest.indexOf(' ');
    if (space === -1) break;
    parts.push(rest.slice(0, space));
    rest = rest.slice(space + 1);
  }
  parts.push(rest);
  return parts;
}
