import { describe, expect, it } from 'vitest';
import { findCycles, formatCycle } from './cycles.js';
import { mayRunTogether, transitiveDependencies } from './graph.js';
import { overlapTurns } from './overlap-order.js';
import { ownershipOverlaps } from './parallel-safety.js';
import { planWaves } from './waves.js';

const n = (id: string, ...depends_on: string[]) => ({ id, depends_on });

describe('planWaves', () => {
  it('groups tasks into topological levels', () => {
    const nodes = [n('d', 'b', 'c'), n('b', 'a'), n('c', 'a'), n('a'), n('e')];
    expect(planWaves(nodes)).toEqual({ waves: [['a', 'e'], ['b', 'c'], ['d']], blocked: [] });
  });

  it('ignores unknown dependencies and blocks tasks in or behind a cycle', () => {
    const nodes = [n('a', 'ghost'), n('b', 'c'), n('c', 'b'), n('d', 'c')];
    expect(planWaves(nodes)).toEqual({ waves: [['a']], blocked: ['b', 'c', 'd'] });
  });
});

describe('findCycles', () => {
  it('names each cycle once, from its smallest id', () => {
    const nodes = [n('x', 'y'), n('y', 'z'), n('z', 'x'), n('p', 'p'), n('q', 'x')];
    expect(findCycles(nodes).map(formatCycle)).toEqual(['p → p', 'x → y → z → x']);
  });

  it('finds none in a DAG', () => {
    expect(findCycles([n('a'), n('b', 'a'), n('c', 'a', 'b')])).toEqual([]);
  });

  it('picks a shortest cycle through the smallest id when cycles share tasks', () => {
    const nodes = [n('a', 'b'), n('b', 'c', 'a'), n('c', 'a')];
    expect(findCycles(nodes)).toEqual([['a', 'b']]);
  });
});

describe('mayRunTogether', () => {
  it('is false along a dependency chain, true for unrelated tasks', () => {
    const closure = transitiveDependencies([n('a'), n('b', 'a'), n('c', 'b'), n('d')]);
    expect(mayRunTogether(closure, 'a', 'c')).toBe(false);
    expect(mayRunTogether(closure, 'c', 'a')).toBe(false);
    expect(mayRunTogether(closure, 'a', 'd')).toBe(true);
    expect(mayRunTogether(closure, 'a', 'a')).toBe(false);
  });
});

describe('ownershipOverlaps', () => {
  it('reports overlapping pairs that may run together, with the clashing globs', () => {
    const nodes = [
      { ...n('api'), owns: ['src/api/**'] },
      { ...n('ui'), owns: ['src/ui/**', 'src/shared/*.ts'] },
      { ...n('shared'), owns: ['src/shared/**'] },
      { ...n('api-docs', 'api'), owns: ['src/api/README.md'] },
    ];
    expect(ownershipOverlaps(nodes)).toEqual([
      {
        a: 'shared',
        b: 'ui',
        clashes: [
          { a: 'src/shared/**', b: 'src/shared/*.ts', certainty: 'proven', example: 'src/shared/x.ts' },
        ],
      },
    ]);
  });
});

describe('overlapTurns: the order the scheduler runs overlapping tasks in', () => {
  const node = (id: string, owns: string[], priority = 0, depends_on: string[] = []) => ({
    id,
    owns,
    priority,
    depends_on,
  });

  it('in a wave: in turn by priority then id; a chain a~b~c lets a and c run together, b after both', () => {
    const nodes = [
      node('a', ['x.ts']),
      node('b', ['x.ts', 'y.ts']),
      node('c', ['y.ts']),
      node('d', ['z.ts']),
    ];
    const { waves } = planWaves(nodes);
    const t = overlapTurns(nodes, waves, ownershipOverlaps(nodes));
    expect(t.order).toEqual([['a', 'c', 'd', 'b']]);
    expect(t.turn).toEqual({ a: 0, b: 1, c: 0, d: 0 });
    expect(t.after).toEqual({
      b: [
        { id: 'a', shared: 'x.ts' },
        { id: 'c', shared: 'y.ts' },
      ],
    });
    const prio = [node('a', ['x.ts']), node('b', ['x.ts'], 2)];
    expect(overlapTurns(prio, planWaves(prio).waves, ownershipOverlaps(prio)).after).toEqual({
      a: [{ id: 'b', shared: 'x.ts' }],
    });
  });

  it('across waves: listed apart (whichever starts first goes first)', () => {
    const nodes = [node('a', ['x.ts']), node('m', ['m.ts']), node('b', ['x.ts'], 0, ['m'])];
    const t = overlapTurns(nodes, planWaves(nodes).waves, ownershipOverlaps(nodes));
    expect(t.after).toEqual({});
    expect(t.acrossWaves).toEqual([{ a: 'a', b: 'b', shared: 'x.ts' }]);
  });
});
