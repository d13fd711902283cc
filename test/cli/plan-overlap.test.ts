// `grove plan` says what the scheduler will do with tasks whose `owns` overlap (issue 23, item 6):
// run_overlapping off, they run in turn in the scheduler's order; on, they may run together (a warning).
import { afterEach, describe, expect, it } from 'vitest';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const task = (id: string, owns: string, extra = ''): string =>
  `---\nid: ${id}\ntitle: Task ${id}\nowns: ["${owns}"]\n${extra}---\nDo ${id}.\n`;

function plan(config: string): GroveProject {
  return makeGroveProject({
    config,
    files: {
      '.grove/tasks/add-login.md': task('add-login', 'src/utils.ts'),
      '.grove/tasks/fix-login.md': task('fix-login', 'src/utils.ts'),
      '.grove/tasks/docs.md': task('docs', 'docs/**'),
    },
  });
}

describe('grove plan: overlapping ownership', () => {
  it('run_overlapping off: shows them in turn, in the scheduler order, and warns of nothing', () => {
    p = plan('{}\n');
    const r = p.grove('plan');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      [
        'Wave 1 (these can run together, except the ones that own the same paths: in turn):',
        '  add-login  Task add-login',
        '  docs  Task docs',
        '  fix-login  Task fix-login  ← once add-login is merged',
        '  In turn: add-login, then fix-login (both own src/utils.ts): the second starts once the first is merged, from a base that contains it.',
      ].join('\n'),
    );
    expect(r.stdout).not.toContain('may run at the same time');
    expect(r.stdout).not.toContain('Warnings');
  });

  it('priority decides who goes first, as in the scheduler; three in a row are one after another', () => {
    p = makeGroveProject({
      files: {
        '.grove/tasks/a.md': task('a', 'src/utils.ts'),
        '.grove/tasks/b.md': task('b', 'src/utils.ts', 'priority: 3\n'),
        '.grove/tasks/c.md': task('c', 'src/**'),
      },
    });
    const r = p.grove('plan');
    expect(r.stdout).toContain(
      [
        'Wave 1 (one after another: they own the same paths):',
        '  b  Task b',
        '  a  Task a  ← once b is merged',
        '  c  Task c  ← once b and a are merged',
        '  In turn: b, then a, then c (they own src/utils.ts): each starts once the ones before it are merged, from a base that contains them.',
      ].join('\n'),
    );
    const json = JSON.parse(p.grove('plan', '--json').stdout) as {
      run_overlapping: boolean;
      order: string[][];
      waves: string[][];
      tasks: Array<{ id: string; starts_after: string[] }>;
      overlaps: Array<{ a: string; b: string; shared: string; in_turn: boolean }>;
      warnings: unknown[];
    };
    expect(json.run_overlapping).toBe(false);
    expect(json.waves).toEqual([['a', 'b', 'c']]);
    expect(json.order).toEqual([['b', 'a', 'c']]);
    expect(Object.fromEntries(json.tasks.map((t) => [t.id, t.starts_after]))).toEqual({
      a: ['b'],
      b: [],
      c: ['b', 'a'],
    });
    expect(json.overlaps.map((o) => [o.a, o.b, o.in_turn])).toEqual([
      ['a', 'b', true],
      ['a', 'c', true],
      ['b', 'c', true],
    ]);
    expect(json.warnings).toEqual([]);
  });

  it('run_overlapping on: they can run together, and the warning says so', () => {
    p = plan('run_overlapping: true\n');
    const r = p.grove('plan');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Wave 1 (these can run together):\n  add-login  Task add-login\n  docs  Task docs\n  fix-login  Task fix-login\n',
    );
    expect(r.stdout).not.toContain('In turn');
    expect(r.stdout).toContain(
      'add-login and fix-login may run at the same time (run_overlapping is on) and own overlapping paths',
    );
    const json = JSON.parse(p.grove('plan', '--json').stdout) as {
      order: string[][];
      tasks: Array<{ starts_after: string[] }>;
      overlaps: Array<{ in_turn: boolean }>;
    };
    expect(json.order).toEqual([['add-login', 'docs', 'fix-login']]);
    expect(json.tasks.every((t) => t.starts_after.length === 0)).toBe(true);
    expect(json.overlaps).toMatchObject([
      { a: 'add-login', b: 'fix-login', shared: 'src/utils.ts', in_turn: false },
    ]);
  });
});
