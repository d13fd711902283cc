/** `git diff --check` output → the `file:line` of each leftover conflict marker (whitespace errors ignored). */
export function parseConflictMarkers(output: string): Array<{ file: string; line: number }> {
  const found: Array<{ file: string; line: number }> = [];
  for (const l of output.split('\n')) {
    const m = /^(.+):(\d+): leftover conflict marker$/.exec(l);
    if (m) found.push({ file: m[1]!, line: Number(m[2]) });
  }
  return found;
}
