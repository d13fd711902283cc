// The Learnings page's keyboard shortcuts (ignored while typing in a field): j/k move between
// proposals, a accept, r reject, e edit (focuses the entry), m merge into.
import { useKeyMap } from './key-map.js';

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

export function useLearningKeys(actions: LearningKeyActions): void {
  useKeyMap(KEYS, actions);
}
