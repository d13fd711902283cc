// The Learnings page's keyboard shortcuts (ignored while typing in a field): j/k move between
// proposals, a accept, r reject, e edit (focuses the entry), m merge into.
import { useEffect, useRef } from 'react';

export interface LearningKeyActions {
  next: () => void;
  previous: () => void;
  accept: () => void;
  reject: () => void;
  edit: () => void;
  merge: () => void;
}

const KEYS: Record<string, keyof LearningKeyActions> = {
  j: 'next',
  k: 'previous',
  a: 'accept',
  r: 'reject',
  e: 'edit',
  m: 'merge',
};

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useLearningKeys(actions: LearningKeyActions): void {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const on = (e: KeyboardEvent): void => {
      if (e.metaKey || e.ctrlKey || e.altKey || typing(e.target)) return;
      const name = KEYS[e.key];
      if (name === undefined) return;
      e.preventDefault();
      latest.current[name]();
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, []);
}
