/** One file of `git diff --numstat -z`. Binary files have no line counts. */
export interface NumstatFile {
  path: string;
  /** Source path of a rename or copy. */
  oldPath?: string;
  added: number | undefined;
  deleted: number | undefined;
  binary: boolean;
}

export interface DiffStat {
  files: number;
  added: number;
  deleted: number;
}

/**
 * Parses `git diff --numstat -z`: `added\tdeleted\tpath\0`, or for a rename
 * `added\tdeleted\t\0old\0new\0`; binary files show `-` counts (pure).
 */
export function parseNumstat(output: string): NumstatFile[] {
  const files: NumstatFile[] = [];
  const fields = output.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] ?? '';
    if (f === '') continue;
    const m = /^(-|\d+)\t(-|\d+)\t([\s\S]*)$/.exec(f);
    if (!m) continue;
    const binary = m[1] === '-' && m[2] === '-';
    const added = m[1] === '-' ? undefined : Number(m[1]);
    const deleted = m[2] === '-' ? undefined : Number(m[2]);
    if (m[3] === '') {
      const oldPath = fields[++i] ?? '';
      const path = fields[++i] ?? '';
      files.push({ path, oldPath, added, deleted, binary });
    } else {
      files.push({ path: m[3] ?? '', added, deleted, binary });
    }
  }
  return files;
}

/** Sums a numstat into files changed and lines added/deleted (binary files count as files only). */
export function sumNumstat(files: readonly NumstatFile[]): DiffStat {
  return files.reduce<DiffStat>(
    (s, f) => ({
      files: s.files + 1,
      added: s.added + (f.added ?? 0),
      deleted: s.deleted + (f.deleted ?? 0),
    }),
    { files: 0, added: 0, deleted: 0 },
  );
}
