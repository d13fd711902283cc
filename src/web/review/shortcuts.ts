// The review page's keyboard shortcuts (ignored while typing in a field).
import { useKeyMap } from '../key-map.js';

export interface ShortcutActions {
  next: () => void;
  previous: () => void;
  approve: () => void;
  requestChanges: () => void;
  toggleSplit: () => void;
  toggleSinceLast: () => void;
  toggleViewed: () => void;
  help: () => void;
}

/** Key → action, and what the help lists. */
const KEYS: Record<string, keyof ShortcutActions> = {
  j: 'next',
  n: 'next',
  k: 'previous',
  p: 'previous',
  a: 'approve',
  r: 'requestChanges',
  u: 'toggleSplit',
  s: 'toggleSinceLast',
  v: 'toggleViewed',
  '?': 'help',
};

export const SHORTCUTS: ReadonlyArray<readonly [string, string]> = [
  ['j / n', 'next file'],
  ['k / p', 'previous file'],
  ['v', 'mark the current file viewed (or not)'],
  ['u', 'unified / side by side'],
  ['s', 'changes since my last review (or the whole diff)'],
  ['a', 'approve'],
  ['r', 'request changes (writes the message first when it is empty)'],
  ['?', 'show or hide these shortcuts'],
];

export function useShortcuts(actions: ShortcutActions): void {
  useKeyMap(KEYS, actions);
}
