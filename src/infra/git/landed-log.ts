// Reads the base branch's history for the trailers the merge queue writes (src/core/queue/trailer.ts).
import type { GroveTrailers } from '../../core/queue/trailer.js';
import { parseTrailers } from '../../core/queue/trailer.js';
import { git } from './exec.js';

export interface LandedCommit extends GroveTrailers {
  commit: string;
}

/** `git log -z --format=%H%n%B` output → the commits whose message ends in grove's trailers. */
export function parseLandedLog(stdout: string): LandedCommit[] {
  const found: LandedCommit[] = [];
  for (const record of stdout.split('\0')) {
    const nl = record.indexOf('\n');
    if (nl < 0) continue;
    const commit = record.slice(0, nl).trim();
    const t = parseTrailers(record.slice(nl + 1));
    if (/^[0-9a-f]{40,64}$/.test(commit) && t) found.push({ commit, ...t });
  }
  return found;
}

/**
 * The commits on the first-parent line of `tip` (newest first) that carry grove's trailers, not
 * reachable from any of `exclude`. First parent only: the queue writes its commits on that line; a
 * branch merged in (`queue.method: merge`) brings the agent's own commits, whose messages it wrote.
 */
export async function landedCommits(
  repo: string,
  tip: string,
  exclude: readonly string[] = [],
): Promise<LandedCommit[]> {
  const out = await git(repo, [
    'log',
    '--first-parent',
    '-z',
    '--format=%H%n%B',
    '--regexp-ignore-case',
    '--grep=^Grove-Task:',
    tip,
    ...exclude.map((e) => `^${e}`),
    '--',
  ]);
  return parseLandedLog(out.stdout);
}
