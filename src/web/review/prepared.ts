// Diff files parsed and highlighted ahead of drawing: the diff view's own work on a file (parsing its
// patch, highlighting every line with lowlight) done in idle time before the file scrolls near, so that
// drawing it is only React's render. A file not prepared yet is prepared when it is first drawn.
import { DiffFile } from '@git-diff-view/react';
import type { ReviewFile } from '../../shared/api.js';

const prepared = new Map<string, DiffFile>();

const keyOf = (file: ReviewFile): string => `${file.hash}\0${file.patch}`;

export function preparedDiffFile(file: ReviewFile): DiffFile {
  const key = keyOf(file);
  const cached = prepared.get(key);
  if (cached) return cached;
  const diff = new DiffFile(file.oldPath ?? file.path, '', file.path, '', [file.patch], '', '');
  diff.initTheme('light');
  diff.init();
  diff.buildSplitDiffLines();
  diff.buildUnifiedDiffLines();
  prepared.set(key, diff);
  return diff;
}

let queued: ReviewFile[] = [];
let scheduled = false;

function work(deadline: IdleDeadline): void {
  while (queued.length > 0 && deadline.timeRemaining() > 4) preparedDiffFile(queued.shift()!);
  if (queued.length > 0) requestIdleCallback(work);
  else {
    scheduled = false;
    // Read by the benchmark: every file of the page is ready to draw.
    document.documentElement.dataset.reviewPrepared = String(performance.now());
  }
}

/** Prepares `files` in order in idle time; forgets files of earlier lists (another task, a new tip). */
export function prepareInIdle(files: readonly ReviewFile[]): void {
  const keep = new Set(files.map(keyOf));
  for (const key of prepared.keys()) if (!keep.has(key)) prepared.delete(key);
  queued = files.filter((f) => f.status !== 'binary' && !prepared.has(keyOf(f)));
  delete document.documentElement.dataset.reviewPrepared;
  if (!scheduled && queued.length > 0) {
    scheduled = true;
    requestIdleCallback(work);
  }
}
