// A person requests changes on a task in review: the message and the line comments (each anchored to a
// line of the new side of the diff against the merge base, with the code quoted) are recorded for the
// commit reviewed, and the task goes back to `ready` to resume the SAME agent session with them (the run
// loop starts it as a fix attempt, src/app/run/apply.ts); after the agent and the gates it is back in review.
import type { CommentRequest } from '../../core/review/index.js';
import { anchorComments, parseNewSideLines } from '../../core/review/index.js';
import { actionApplies } from '../../shared/task-actions.js';
import { reviewSubject } from '../review/subject.js';
import { reviewDiff, reviewTarget } from '../review/target.js';
import { requestPlanChanges } from './plan-review.js';
import { reviewedMeanwhile } from './approve.js';
import { done, move, wrongState } from './common.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, CommandRefused, ReviewResult } from './result.js';

export interface ChangeRequest {
  /** What to change, in the person's words; required. */
  message: string;
  /** Comments on lines of the diff; `text` may be empty when the message covers them. */
  comments?: ReadonlyArray<CommentRequest & { text?: string }>;
  /**
   * Each line comment with words of its own (or, with none, the message) also becomes a learning
   * proposal for `grove retro`: the reviewer's lesson, through the same curated AGENTS.md flow.
   */
  lesson?: boolean;
}

function usage(message: string, hint: string): CommandRefused {
  return { kind: 'refused', code: 'USAGE', message, hint };
}

/** The lessons in a request: each commented line's own words, else the message itself. */
function lessonsOf(
  message: string,
  comments: ReadonlyArray<{ file: string; line: number; text: string }>,
): Array<{ text: string; at: { file?: string; line?: number } }> {
  const own = comments.filter((c) => c.text !== '');
  if (own.length === 0) return [{ text: message, at: {} }];
  return own.map((c) => ({ text: c.text, at: { file: c.file, line: c.line } }));
}

export async function requestChanges(
  deps: TaskCommandDeps,
  id: string,
  by: CommandDoor,
  request: ChangeRequest,
): Promise<ReviewResult> {
  const message = request.message.trim();
  if (message === '') {
    return usage(
      'the request for changes has no message',
      `say what to change: grove request-changes ${id} -m "…"`,
    );
  }
  const task = deps.store.require(id);
  if (!actionApplies('request-changes', task.state)) return wrongState(task, 'request-changes', 'review');
  if (reviewSubject(deps.store, id) === 'plan') {
    return requestPlanChanges(deps, task, by, {
      message,
      comments: request.comments?.length ?? 0,
      lesson: request.lesson === true,
    });
  }
  const target = await reviewTarget(deps, task);
  const wanted = request.comments ?? [];
  const lines = wanted.length > 0 ? parseNewSideLines(await reviewDiff(deps, target)) : new Map();
  const anchored = anchorComments(lines, wanted);
  if (anchored.kind === 'invalid') return usage(anchored.message, anchored.hint);
  const comments = anchored.comments.map((c, i) => ({ ...c, text: wanted[i]?.text?.trim() ?? '' }));
  const round =
    deps.stores.reviews
      .listForTask(id)
      .filter((r) => r.subject === 'code' && r.verdict === 'changes-requested').length + 1;
  const cause = `changes requested (review round ${round}): ${message.slice(0, 200)}`;
  const review = deps.stores.reviews.recordIf(
    { taskId: id, verdict: 'changes-requested', commit: target.tip, message, by, comments },
    (reviewId) => {
      const moved = move(deps, task, by, 'request-changes', 'ready', cause, {
        resume: true,
        kind: 'review',
        reviewId,
      });
      if (moved && request.lesson) {
        for (const lesson of lessonsOf(message, comments)) {
          deps.store.appendEvent(id, {
            type: 'note',
            data: { text: lesson.text, review: { reviewId, ...lesson.at } },
          });
        }
      }
      return moved;
    },
  );
  if (!review) return reviewedMeanwhile(deps, id);
  const where = `${comments.length ? ` with ${comments.length} line comment(s)` : ''}${request.lesson ? ' (kept as a lesson for `grove retro`)' : ''}`;
  const result = done(
    deps,
    task,
    'request-changes',
    'ready',
    `${id}: changes requested${where}; its agent resumes its session with them, then its gates run and it comes back to review`,
  );
  return { ...result, action: 'request-changes', reviewId: review.id, commit: target.tip, comments };
}
