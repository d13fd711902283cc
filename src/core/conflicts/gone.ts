// A predicted conflict that is no longer between the same two sides: resolved, or moved. When task a
// lands, an a ↔ b conflict becomes b ↔ base in the same files: it did not go away, and the journal must
// not say `resolved`. Pure: the pairs gone and the pairs new in this prediction in, each gone pair's fate
// out (a conflict with the base that was already there before is no move).

export interface ConflictSides {
  a: string;
  b: string;
  against: 'task' | 'base';
  files: readonly string[];
}

export type GoneConflict<T extends ConflictSides> =
  | { kind: 'resolved'; pair: T }
  /** The conflict is now `to` (a task ↔ base pair with a file in common). */
  | { kind: 'moved'; pair: T; to: ConflictSides };

export function classifyGone<T extends ConflictSides>(
  gone: readonly T[],
  added: readonly ConflictSides[],
): Array<GoneConflict<T>> {
  return gone.map((pair) => {
    if (pair.against !== 'task') return { kind: 'resolved', pair };
    const to = added.find(
      (f) =>
        f.against === 'base' &&
        (f.a === pair.a || f.a === pair.b) &&
        f.files.some((x) => pair.files.includes(x)),
    );
    return to ? { kind: 'moved', pair, to } : { kind: 'resolved', pair };
  });
}
