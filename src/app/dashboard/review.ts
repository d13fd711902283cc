// The review page's data: the queue of tasks waiting in `review`, a task's review view (the same one
// `grove review <task>` prints) with its diff split per file, and "changes since my last review".
import type { ReviewCompare, ReviewInterdiff, ReviewPage, ReviewQueue } from '../../shared/api.js';
import type { ReviewFile } from '../../shared/api.js';
import { GroveError } from '../../shared/errors.js';
import type { ProjectContext } from '../context.js';
import type { Interdiff } from '../review/interdiff.js';
import { changesSinceLastReview } from '../review/interdiff.js';
import { compareAttempts } from '../review/best-of-view.js';
import type { ReviewView } from '../review/review-view.js';
import { buildReviewView, waitingForReview } from '../review/review-view.js';
import { splitPatch } from './review-files.js';

/** What the review page reads; the composition root builds it over a ProjectContext. */
export interface ReviewSource {
  waiting(): Array<{ id: string; title: string; since: number }>;
  view(id: string): Promise<ReviewView>;
  sinceLast(id: string): Promise<Interdiff>;
  compare(id: string, other: string): ReturnType<typeof compareAttempts>;
}

export function reviewSource(ctx: ProjectContext): ReviewSource {
  return {
    waiting: () => waitingForReview(ctx),
    view: (id) => buildReviewView(ctx, id),
    sinceLast: (id) => changesSinceLastReview(ctx, id),
    compare: (id, other) => compareAttempts(ctx, id, other),
  };
}

const CACHED_DIFFS = 16;

/** The review endpoints of the dashboard backend; a diff is split once per pair of commits. */
export function reviewEndpoints(source: ReviewSource | undefined, now: () => number) {
  const split = new Map<string, ReviewFile[]>();
  const filesOf = (key: string, patch: string): ReviewFile[] => {
    const cached = split.get(key);
    if (cached) return cached;
    const files = splitPatch(patch);
    split.set(key, files);
    if (split.size > CACHED_DIFFS) split.delete(split.keys().next().value!);
    return files;
  };
  const need = (): ReviewSource => {
    if (source) return source;
    throw new GroveError('STATE_INVALID', 'this dashboard serves no review data', {
      hint: 'open the dashboard of the project with `grove dashboard`',
    });
  };
  return {
    reviewQueue: (): Promise<ReviewQueue> => {
      const at = now();
      const tasks = (source?.waiting() ?? []).map((t) => ({ ...t, waitingMs: Math.max(0, at - t.since) }));
      return Promise.resolve({ now: at, tasks });
    },
    reviewPage: async (id: string): Promise<ReviewPage> => {
      const { diff, ...review } = await need().view(id);
      return { review, files: filesOf(`${review.mergeBase}..${review.tip}`, diff) };
    },
    reviewInterdiff: async (id: string): Promise<ReviewInterdiff> => {
      const d = await need().sinceLast(id);
      if (d.kind === 'none') return d;
      const { patch, files: _names, ...rest } = d;
      return { ...rest, files: filesOf(`${d.method}:${d.reviewed}..${d.tip}`, patch) };
    },
    reviewCompare: async (id: string, other: string): Promise<ReviewCompare> => {
      const { patch, ...rest } = await need().compare(id, other);
      return { ...rest, files: filesOf(`${rest.fromTip}..${rest.toTip}`, patch) };
    },
  };
}
