import { describe, expect, it } from 'vitest';
import { footprintsFromLog, needsMerge } from './footprint.js';

// What `git log --format=%x00%H %P --name-only --no-renames A B --not base` prints.
const LOG = ['', 'a1 F\n\nsrc/a.js\n', 'b2 b1\n\nsrc/b.js\n', 'b1 F\n\nsrc/b/deep.js\n', 'm1 a1 G\n\n'].join(
  '\0',
);

describe('footprints and the clean-pair shortcut', () => {
  it('gives each tip the commits reachable from it in the log, their paths, and the base commits they fork from', () => {
    const [a, b, m] = footprintsFromLog(LOG, ['a1', 'b2', 'm1']);
    expect([...a!.commits]).toEqual(['a1']);
    expect([...a!.forks]).toEqual(['F']);
    expect([...b!.paths].sort()).toEqual(['src/b.js', 'src/b/deep.js']);
    expect([...m!.forks].sort()).toEqual(['F', 'G']); // a merge: two forks
    expect(footprintsFromLog(LOG, ['not-in-log'])[0]!.commits.size).toBe(0);
  });

  it('skips only pairs from one fork, with no shared commits and disjoint paths (a file against a folder is not disjoint)', () => {
    const fp = (commits: string[], forks: string[], paths: string[]) => ({
      commits: new Set(commits),
      forks: new Set(forks),
      paths: new Set(paths),
    });
    expect(needsMerge(fp(['a'], ['F'], ['x.js']), fp(['b'], ['F'], ['y.js']))).toBe(false);
    expect(needsMerge(fp(['a'], ['F'], ['x.js']), fp(['b'], ['F'], ['x.js']))).toBe(true);
    expect(needsMerge(fp(['a'], ['F'], ['src/x']), fp(['b'], ['F'], ['src/x/y.js']))).toBe(true);
    expect(needsMerge(fp(['a'], ['F'], ['x.js']), fp(['b'], ['G'], ['y.js']))).toBe(true);
    expect(needsMerge(fp(['a', 's'], ['F'], ['x.js']), fp(['b', 's'], ['F'], ['y.js']))).toBe(true);
    expect(needsMerge(fp(['a'], ['F', 'G'], ['x.js']), fp(['b'], ['F'], ['y.js']))).toBe(true);
    expect(needsMerge(fp([], [], []), fp(['b'], ['F'], ['y.js']))).toBe(true);
  });
});
