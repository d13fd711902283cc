import { GroveError } from '../../../shared/errors.js';

/** An informational message of `git merge-tree --write-tree -z`: the paths it concerns and its type. */
export interface MergeMessage {
  paths: string[];
  /** `Auto-merging`, `CONFLICT (contents)`, `CONFLICT (modify/delete)`, ... */
  type: string;
  message: string;
}

export type ParsedMerge =
  | { kind: 'clean'; tree: string }
  | { kind: 'conflict'; tree: string; files: string[]; messages: MergeMessage[] };

class Tokens {
  private i = 0;
  constructor(private readonly fields: readonly string[]) {}
  next(): string | undefined {
    return this.fields[this.i++];
  }
  peek(): string | undefined {
    return this.fields[this.i];
  }
  get done(): boolean {
    return this.i >= this.fields.length;
  }
}

function readConflict(t: Tokens, tree: string): ParsedMerge {
  const files: string[] = [];
  for (let f = t.next(); f !== undefined && f !== ''; f = t.next()) files.push(f);
  const messages: MergeMessage[] = [];
  for (let count = t.next(); count !== undefined && count !== ''; count = t.next()) {
    const n = Number(count);
    if (!Number.isInteger(n) || n < 0)
      throw new GroveError('GIT_FAILED', `unexpected merge-tree message count "${count}"`);
    const paths: string[] = [];
    for (let k = 0; k < n; k++) paths.push(t.next() ?? '');
    messages.push({ paths, type: t.next() ?? '', message: (t.next() ?? '').replace(/\n$/, '') });
  }
  return { kind: 'conflict', tree, files: [...new Set(files)], messages };
}

/**
 * Parses the output of one `git merge-tree --write-tree --name-only -z A B`: `<tree>\0`, then for a
 * conflict the conflicted paths (`\0` each), an empty field, and the message groups
 * (`<n>\0<path>×n\0<type>\0<message>\0`). `clean` is the exit code 0 (1 means conflicts).
 */
export function parseMergeTree(output: string, clean: boolean): ParsedMerge {
  const t = new Tokens(output.split('\0'));
  const tree = t.next() ?? '';
  if (!/^[0-9a-f]{40,64}$/.test(tree))
    throw new GroveError(
      'GIT_FAILED',
      `unexpected merge-tree output: ${JSON.stringify(output.slice(0, 200))}`,
    );
  return clean ? { kind: 'clean', tree } : readConflict(t, tree);
}

/**
 * Parses `git merge-tree --write-tree --name-only -z --stdin` output: per merge `<1|0>\0<tree>\0`, for
 * a conflict the paths and messages as above, and a terminating empty field. Returns the merges in input
 * order; when git stopped early (exit 128 on unrelated histories) the list is shorter than the input.
 */
export function parseMergeTreeBatch(output: string): ParsedMerge[] {
  const fields = output.split('\0');
  // The final NUL leaves one trailing empty field.
  if (fields[fields.length - 1] === '') fields.pop();
  const t = new Tokens(fields);
  const merges: ParsedMerge[] = [];
  while (!t.done) {
    const status = t.next();
    const tree = t.next() ?? '';
    if ((status !== '0' && status !== '1') || !/^[0-9a-f]{40,64}$/.test(tree)) {
      throw new GroveError(
        'GIT_FAILED',
        `unexpected merge-tree --stdin record: ${JSON.stringify(`${status}\0${tree}`)}`,
      );
    }
    if (status === '1') {
      if (t.peek() === '') t.next();
      merges.push({ kind: 'clean', tree });
    } else {
      merges.push(readConflict(t, tree));
    }
  }
  return merges;
}
