// The lines of the new side of a unified diff (`git diff A B`), per file: the lines a review comment
// may be anchored to (added and context lines shown in a hunk), with their text. Pure: text in, map out.

/** File (new-side path) → line number (1-based) → the code on that line. */
export type NewSideLines = ReadonlyMap<string, ReadonlyMap<number, string>>;

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** Git's C-style quoting of unusual paths (`"a\tb"`), undone; a plain path is returned as it is. */
function unquotePath(raw: string): string {
  if (!raw.startsWith('"') || !raw.endsWith('"')) return raw;
  const body = raw.slice(1, -1);
  const bytes: number[] = [];
  const utf8 = new TextEncoder();
  const simple: Record<string, number> = { n: 10, t: 9, '"': 34, '\\': 92, a: 7, b: 8, f: 12, r: 13, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...utf8.encode(c));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** The new-side path of a `+++ b/<path>` line; undefined for a deleted file (`+++ /dev/null`). */
function newPath(line: string): string | undefined {
  const raw = line.slice(4).replace(/\t$/, '');
  if (raw === '/dev/null') return undefined;
  const path = unquotePath(raw);
  return path.startsWith('b/') ? path.slice(2) : path;
}

export function parseNewSideLines(diff: string): NewSideLines {
  const files = new Map<string, Map<number, string>>();
  let current: Map<number, string> | undefined;
  let line = 0;
  let inHunk = false;
  for (const text of diff.split('\n')) {
    if (text.startsWith('diff --git ')) {
      current = undefined;
      inHunk = false;
      continue;
    }
    if (!inHunk && text.startsWith('+++ ')) {
      const path = newPath(text);
      current = path === undefined ? undefined : new Map();
      if (path !== undefined && current) files.set(path, current);
      continue;
    }
    const hunk = HUNK.exec(text);
    if (hunk) {
      line = Number(hunk[1]);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    if (text.startsWith('+') || text.startsWith(' ')) {
      current?.set(line, text.slice(1));
      line += 1;
    } else if (!text.startsWith('-') && !text.startsWith('\\')) {
      inHunk = false;
    }
  }
  return files;
}
