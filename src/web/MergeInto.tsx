// A learning proposal's Merge into…: another proposal still waiting (one proposal with both pieces of
// evidence) or an AGENTS.md entry (accepted in the merged words, the old entry retired), through the
// `learning-merge` action — the same task commands as `grove retro`'s m.
import type { MutableRefObject, ReactNode } from 'react';
import { useState } from 'react';
import type { AgentsMdView, DashboardAction, LearningView } from '../shared/api.js';

/** Where a proposal can be merged: another waiting proposal, or an AGENTS.md entry. */
export interface MergeTarget {
  value: string;
  label: string;
  into: { proposal: string } | { agentsMd: string };
}

export function mergeTargets(
  l: LearningView,
  all: readonly LearningView[],
  agentsMd: AgentsMdView | undefined | null,
): MergeTarget[] {
  return [
    ...all
      .filter((o) => o.id !== l.id && o.status === 'proposed')
      .map((o) => ({ value: `p:${o.id}`, label: `proposal ${o.id}: ${o.entry}`, into: { proposal: o.id } })),
    ...(agentsMd?.entries ?? []).map((e) => ({
      value: `e:${e.text}`,
      label: `AGENTS.md: ${e.text}`,
      into: { agentsMd: e.text },
    })),
  ];
}

export function MergeInto({
  learning,
  targets,
  act,
  selectRef,
}: {
  learning: LearningView;
  targets: MergeTarget[];
  act: (a: DashboardAction) => void;
  selectRef: MutableRefObject<HTMLSelectElement | null>;
}): ReactNode {
  const [target, setTarget] = useState(targets[0]?.value ?? '');
  const [words, setWords] = useState('');
  const picked = targets.find((t) => t.value === target);
  if (targets.length === 0)
    return <p className="muted">Nothing to merge into: no other proposal waits and AGENTS.md is empty.</p>;
  return (
    <div className="merge-into" data-testid="merge-into">
      <select
        ref={selectRef}
        value={target}
        onChange={(e) => setTarget(e.target.value)}
        data-testid="merge-target"
        aria-label="merge into"
      >
        {targets.map((t) => (
          <option key={t.value} value={t.value}>
            {t.label}
          </option>
        ))}
      </select>
      <input
        value={words}
        onChange={(e) => setWords(e.target.value)}
        placeholder="merged words (empty keeps the target's)"
        aria-label="merged entry"
      />
      <button
        type="button"
        data-testid="merge-confirm"
        disabled={!picked}
        onClick={() =>
          picked &&
          act({
            kind: 'learning-merge',
            id: learning.id,
            into: picked.into,
            ...(words.trim() !== '' ? { entry: words.trim() } : {}),
          })
        }
      >
        Merge
      </button>
    </div>
  );
}
