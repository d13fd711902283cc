// What to make of the base's tip before a merge-queue round, given the tip grove last wrote there.
// grove moves the base only to tested, approved work; a move by anyone else is judged here.

export interface BaseLook {
  /** The tip grove last moved the base to, or accepted; undefined the first time. */
  recorded: string | undefined;
  actual: string;
  /** Whether `recorded` is an ancestor of `actual` (the base only gained commits). */
  recordedIsAncestor: boolean;
  /** A task's branch or worktree HEAD that contains `actual`: the new tip is an agent's own work. */
  agentWork: string | undefined;
}

export type BaseMove =
  /** Nothing to judge: first look, or grove's own tip. Record `actual` when first. */
  | { kind: 'ours'; first: boolean }
  /** Someone (not an agent) committed on top of grove's tip: accepted, and said. */
  | { kind: 'advanced' }
  /** grove's commits were dropped, or an agent moved the base to its own work: integration stops. */
  | { kind: 'foreign'; why: string };

const short = (sha: string): string => sha.slice(0, 8);

export function judgeBaseMove(look: BaseLook): BaseMove {
  const { recorded, actual } = look;
  if (recorded === undefined) return { kind: 'ours', first: true };
  if (recorded === actual) return { kind: 'ours', first: false };
  if (!look.recordedIsAncestor)
    return {
      kind: 'foreign',
      why: `moved from ${short(recorded)} (the tip grove last wrote) to ${short(actual)}, which does not contain it: commits grove merged are no longer on it`,
    };
  if (look.agentWork !== undefined)
    return {
      kind: 'foreign',
      why: `moved from ${short(recorded)} to ${short(actual)}, a commit of ${look.agentWork}: an agent moved the base to its own, unverified work`,
    };
  return { kind: 'advanced' };
}
