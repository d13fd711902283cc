// A person approving one attempt of a best-of task keeps that one: the other attempts still waiting
// (in review, or verified) are given up. Their branches stay as the backup refs grove made when it
// ranked them (refs/grove/best-of/<group>/<attempt>); their worktrees stay until `grove clean`.
import { bestOfRef } from '../run/best-of.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor } from './result.js';

const WAITING = new Set(['review', 'verified']);

/** Abandons the approved attempt's siblings that wait; returns their ids. */
export function giveUpSiblings(deps: TaskCommandDeps, approved: string, by: CommandDoor): string[] {
  const group = deps.tasks.find((t) => t.id === approved)?.bestOf?.group;
  if (group === undefined) return [];
  const given: string[] = [];
  for (const spec of deps.tasks) {
    if (spec.bestOf?.group !== group || spec.id === approved) continue;
    const row = deps.store.get(spec.id);
    if (!row || !WAITING.has(row.state)) continue;
    const cause = `best-of ${group}: ${approved} was approved instead; its branch is kept as ${bestOfRef(group, spec.id)}`;
    const moved = deps.store.transition(spec.id, 'abandoned', cause, {
      expectFrom: [row.state],
      data: { kind: 'best-of', by, action: 'approve' },
    });
    if (moved === 'moved') given.push(spec.id);
  }
  return given;
}
