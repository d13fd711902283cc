// A unified diff (`git diff` with core.quotePath=false) split per file for the review page: each file's
// own part of the patch, its paths, status, counts and a content hash for "viewed" marks. Pure.
import type { ReviewFile } from '../../shared/api.js';

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\' };

/** A path as git prints it: C-quoted (`"a\tb"`) only for unusual characters with core.quotePath=false. */
function unquote(raw: string): string {
  if (!raw.startsWith('"') || !raw.endsWith('"')) return raw;
  return raw.slice(1, -1).replace(/\\(.)/g, (_, c: string) => SIMPLE_ESCAPES[c] ?? c);
}

/** The path of a `--- a/x` / `+++ b/x` line; null for /dev/null. */
function sidePath(line: string, prefix: 'a/' | 'b/'): string | null {
  const raw = unquote(line.slice(4).replace(/\t$/, ''));
  if (raw === '/dev/null') return null;
  return raw.startsWith(prefix) ? raw.slice(2) : raw;
}

/** FNV-1a of a string, as hex: a content hash when the patch names no blob (a mode change). */
function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

function fileOf(patch: string): ReviewFile {
  const lines = patch.split('\n');
  let oldPath: string | null = null;
  let newPath: string | null = null;
  let renameFrom: string | null = null;
  let renameTo: string | null = null;
  let blob: string | null = null;
  let added = false;
  let deleted = false;
  let binary = false;
  let additions = 0;
  let deletions = 0;
  let inHunks = false;
  for (const line of lines) {
    if (inHunks) {
      if (line.startsWith('+')) additions += 1;
      else if (line.startsWith('-')) deletions += 1;
      continue;
    }
    if (line.startsWith('@@')) inHunks = true;
    else if (line.startsWith('--- ')) oldPath = sidePath(line, 'a/');
    else if (line.startsWith('+++ ')) newPath = sidePath(line, 'b/');
    else if (line.startsWith('rename from ')) renameFrom = unquote(line.slice(12));
    else if (line.startsWith('rename to ')) renameTo = unquote(line.slice(10));
    else if (line.startsWith('new file mode')) added = true;
    else if (line.startsWith('deleted file mode')) deleted = true;
    else if (line.startsWith('Binary files ') || line === 'GIT binary patch') binary = true;
    else if (line.startsWith('index ')) blob = /\.\.([0-9a-f]+)/.exec(line)?.[1] ?? null;
  }
  const header = /^diff --git (?:"?a\/)(.*?)"? (?:"?b\/)(.*?)"?$/.exec(lines[0] ?? '');
  const path = newPath ?? renameTo ?? oldPath ?? (deleted ? (header?.[1] ?? '') : (header?.[2] ?? ''));
  const from = oldPath ?? renameFrom ?? path;
  const status: ReviewFile['status'] = binary
    ? 'binary'
    : added
      ? 'added'
      : deleted
        ? 'deleted'
        : from !== path
          ? 'renamed'
          : 'modified';
  return {
    path,
    oldPath: from !== path ? from : null,
    status,
    additions,
    deletions,
    hash: `${path}@${blob ?? fnv(patch)}`,
    patch,
  };
}

/** Splits a unified diff at each `diff --git` line, in the diff's order. */
export function splitPatch(diff: string): ReviewFile[] {
  if (diff.trim() === '') return [];
  const starts: number[] = [];
  const re = /^diff --git /gm;
  for (let m = re.exec(diff); m !== null; m = re.exec(diff)) starts.push(m.index);
  return starts.map((start, i) => fileOf(diff.slice(start, starts[i + 1] ?? diff.length)));
}
