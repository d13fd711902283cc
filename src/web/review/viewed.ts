// Per-file "viewed" marks of the review page, kept in localStorage per task as path → content hash.
// A file whose content changed since it was marked (another hash) is not viewed any more.
import type { ReviewFile } from '../../shared/api.js';

type Marks = Record<string, string>;

const keyOf = (taskId: string): string => `grove.review.viewed.${taskId}`;

export function loadMarks(taskId: string): Marks {
  try {
    const raw = window.localStorage.getItem(keyOf(taskId));
    const parsed: unknown = raw === null ? {} : JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Marks) : {};
  } catch {
    return {};
  }
}

export function saveMarks(taskId: string, marks: Marks): void {
  try {
    window.localStorage.setItem(keyOf(taskId), JSON.stringify(marks));
  } catch {
    // Storage full or disabled: the marks last as long as the page.
  }
}

export const isViewed = (marks: Marks, file: ReviewFile): boolean => marks[file.path] === file.hash;

export function toggleMark(marks: Marks, file: ReviewFile): Marks {
  const next = { ...marks };
  if (isViewed(marks, file)) delete next[file.path];
  else next[file.path] = file.hash;
  return next;
}

/** Files once marked viewed whose content changed since: "changed since you viewed it". */
export const changedSinceViewed = (marks: Marks, file: ReviewFile): boolean =>
  marks[file.path] !== undefined && marks[file.path] !== file.hash;
