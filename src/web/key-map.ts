// Single-key shortcuts for a page (ignored while typing in a field or with a modifier held): each key
// names an action, and the latest actions passed in are the ones that run.
import { useEffect, useRef } from 'react';

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useKeyMap<A extends string>(
  keys: Readonly<Record<string, A>>,
  actions: Readonly<Record<A, () => void>>,
): void {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const on = (e: KeyboardEvent): void => {
      if (e.metaKey || e.ctrlKey || e.altKey || typing(e.target)) return;
      const name = keys[e.key];
      if (name === undefined) return;
      e.preventDefault();
      latest.current[name]();
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, [keys]);
}
