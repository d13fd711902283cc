// #/review/<task>: the review page, in the order a reviewer reads (shared/REVIEW.md): acceptance
// criteria as a checklist → gates and their evidence → the agent's summary and scope → predicted
// conflicts → files (a tree with viewed marks) → the diff (unified or split, or only the changes since
// the last review). Line comments are collected, then sent with "Request changes"; "Approve" approves
// the tip. Both are the task commands the CLI runs (POST /api/actions).
import type { ReactNode } from 'react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ActionResult, ReviewFile, ReviewInterdiff } from '../../shared/api.js';
import { BestOfPanel } from './BestOfPanel.js';
import { formatCost } from '../../shared/cost-format.js';
import { api } from '../api.js';
import { formatAge, formatTokens } from '../format.js';
import type { LiveBoard } from '../live.js';
import { useFetched, useLive, useNow } from '../use-live.js';
import { specParts } from './criteria.js';
import type { FileComments } from './FileDiff.js';
import { FileDiff } from './FileDiff.js';
import { FileTree } from './FileTree.js';
import { ReviewFacts } from './ReviewFacts.js';
import { prepareInIdle } from './prepared.js';
import { SHORTCUTS, useShortcuts } from './shortcuts.js';
import { changedSinceViewed, isViewed, loadMarks, saveMarks, toggleMark } from './viewed.js';

const NO_COMMENTS: FileComments = { saved: new Map(), draft: null };
const SPLIT_KEY = 'grove.review.split';

type Outcome = { kind: 'ok' | 'refused' | 'error'; text: string } | null;

function outcomeOf(r: ActionResult): Outcome {
  if (r.kind === 'done') return { kind: 'ok', text: r.message };
  const code = r.code !== undefined ? ` (${r.code})` : '';
  return { kind: 'refused', text: `${r.message}${code}${r.hint !== undefined ? ` — ${r.hint}` : ''}` };
}

export function ReviewPage({ live, id }: { live: LiveBoard; id: string }): ReactNode {
  const { board, clockSkew } = useLive(live);
  const now = useNow() + clockSkew;
  const { data, error, reload } = useFetched(live, () => api.reviewPage(id), [id], {
    minMs: 1500,
    when: (events) => events.some((e) => e.taskId === id && e.type === 'state'),
  });
  const [split, setSplit] = useState(() => window.localStorage.getItem(SPLIT_KEY) === '1');
  const [sinceLast, setSinceLast] = useState(false);
  const [interdiff, setInterdiff] = useState<ReviewInterdiff | null>(null);
  const [marks, setMarks] = useState(() => loadMarks(id));
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set());
  const [comments, setComments] = useState<ReadonlyMap<string, ReadonlyMap<number, string>>>(new Map());
  const [draft, setDraft] = useState<{ file: string; line: number } | null>(null);
  const [message, setMessage] = useState('');
  const [approveMessage, setApproveMessage] = useState('');
  const [lesson, setLesson] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const [current, setCurrent] = useState(0);
  const [help, setHelp] = useState(false);
  const messageRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => setMarks(loadMarks(id)), [id]);
  useEffect(() => window.localStorage.setItem(SPLIT_KEY, split ? '1' : '0'), [split]);
  const tip = data?.review.tip;
  useEffect(() => {
    if (!sinceLast || tip === undefined) return;
    let alive = true;
    api.reviewInterdiff(id).then(
      (d) => alive && setInterdiff(d),
      (e: unknown) =>
        alive && setInterdiff({ kind: 'none', reason: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      alive = false;
    };
  }, [id, sinceLast, tip]);

  const files: ReviewFile[] = useMemo(() => {
    if (!data) return [];
    if (!sinceLast) return data.files;
    return interdiff?.kind === 'interdiff' ? interdiff.files : [];
  }, [data, sinceLast, interdiff]);

  useEffect(() => prepareInIdle(files), [files]);

  const commentsOf = useMemo(() => {
    const out = new Map<string, FileComments>();
    const paths = new Set([...comments.keys(), ...(draft ? [draft.file] : [])]);
    for (const path of paths) {
      out.set(path, {
        saved: comments.get(path) ?? new Map(),
        draft: draft?.file === path ? draft.line : null,
      });
    }
    return out;
  }, [comments, draft]);
  const commentCount = [...comments.values()].reduce((n, m) => n + m.size, 0);

  const onToggleViewed = useCallback(
    (file: ReviewFile) =>
      setMarks((m) => {
        const next = toggleMark(m, file);
        saveMarks(id, next);
        return next;
      }),
    [id],
  );
  const onOpenComment = useCallback((file: string, line: number) => setDraft({ file, line }), []);
  const onSaveComment = useCallback((file: string, line: number, text: string) => {
    setComments((all) => new Map(all).set(file, new Map(all.get(file) ?? []).set(line, text)));
    setDraft(null);
  }, []);
  const onRemoveComment = useCallback((file: string, line: number) => {
    setComments((all) => {
      const mine = new Map(all.get(file) ?? []);
      mine.delete(line);
      const next = new Map(all);
      if (mine.size === 0) next.delete(file);
      else next.set(file, mine);
      return next;
    });
    setDraft((d) => (d?.file === file && d.line === line ? null : d));
  }, []);

  const act = (action: Parameters<typeof api.act>[0], after?: () => void): void => {
    setBusy(true);
    setOutcome(null);
    api.act(action).then(
      (r) => {
        setOutcome(outcomeOf(r));
        if (r.kind === 'done') after?.();
        setBusy(false);
        reload();
      },
      (e: unknown) => {
        setOutcome({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
        setBusy(false);
      },
    );
  };
  const approve = (): void => {
    act({
      kind: 'approve',
      taskId: id,
      ...(approveMessage.trim() ? { message: approveMessage.trim() } : {}),
    });
  };
  const requestChanges = (): void => {
    if (message.trim() === '') {
      setOutcome({ kind: 'refused', text: 'write a message for the agent first (what to change, and why)' });
      messageRef.current?.focus();
      return;
    }
    const list = [...comments].flatMap(([file, lines]) =>
      [...lines].map(([line, text]) => ({ file, line, text })),
    );
    act({ kind: 'request-changes', taskId: id, message: message.trim(), comments: list, lesson }, () => {
      setComments(new Map());
      setMessage('');
      setLesson(false);
    });
  };
  /** Keep or discard per file: the revert is committed on the task branch, then its gates run again. */
  const discard = (file: ReviewFile): void => {
    const ok = window.confirm(
      `Discard the task's changes to ${file.path}? grove commits the revert on its branch and runs its gates again.`,
    );
    if (ok) act({ kind: 'discard', taskId: id, files: [file.path], message: 'discarded on the review page' });
  };
  const goTo = (index: number): void => {
    const i = Math.max(0, Math.min(files.length - 1, index));
    setCurrent(i);
    const f = files[i];
    if (f) document.getElementById(`file-${encodeURIComponent(f.path)}`)?.scrollIntoView({ block: 'start' });
  };
  useShortcuts({
    next: () => goTo(current + 1),
    previous: () => goTo(current - 1),
    approve,
    requestChanges: () => {
      if (message.trim() === '') messageRef.current?.focus();
      else requestChanges();
    },
    toggleSplit: () => setSplit((s) => !s),
    toggleSinceLast: () => setSinceLast((s) => !s),
    toggleViewed: () => {
      const f = files[current];
      if (f) onToggleViewed(f);
    },
    help: () => setHelp((h) => !h),
  });

  if (error) return <div className="error">{error}</div>;
  if (!data) return <p className="muted">Loading the review of {id}…</p>;
  const { review } = data;
  const task = board.tasks.get(id);
  const state = task?.state ?? review.state;
  const { goal, criteria } = specParts(review.spec.body);
  const viewedCount = data.files.filter((f) => isViewed(marks, f)).length;
  const changedCount = data.files.filter((f) => changedSinceViewed(marks, f)).length;
  const lastReview = review.reviews.filter((r) => !r.void).at(-1);
  const waiting = state === 'review' && task ? formatAge(now - task.stateSince) : null;

  return (
    <div className="review-page" data-testid="review-page">
      <h1>
        <a href="#/review">Review</a> / {review.id}{' '}
        <span className={`state state-${state}`} data-testid="review-state">
          {state}
        </span>
      </h1>
      <p className="title">{review.title}</p>
      <p className="task-meta">
        {review.branch} at <code>{review.tip.slice(0, 8)}</code> against {review.base} (merge base{' '}
        <code>{review.mergeBase.slice(0, 8)}</code>) · {formatTokens(review.usage.tokens)} tokens ·{' '}
        {formatCost(review.usage.costUsd, review.usage.costUnknown)}
        {waiting !== null && ` · waiting for review ${waiting}`}
        {lastReview &&
          ` · last reviewed at ${lastReview.commit.slice(0, 8)} (${lastReview.verdict} by ${lastReview.by})`}
      </p>

      <div className="review-actions" data-testid="review-actions">
        <div className="group">
          <input
            aria-label="approval message"
            placeholder="Approval note (optional)"
            value={approveMessage}
            onChange={(e) => setApproveMessage(e.target.value)}
          />{' '}
          <button type="button" className="approve" disabled={busy} onClick={approve} data-testid="approve">
            Approve <kbd>a</kbd>
          </button>
        </div>
        <div className="group">
          <textarea
            ref={messageRef}
            aria-label="message to the agent"
            placeholder="Message to the agent: what to change, and why"
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            data-testid="request-message"
          />{' '}
          <button
            type="button"
            className="request-changes"
            disabled={busy}
            onClick={requestChanges}
            data-testid="request-changes"
          >
            Request changes
            {commentCount > 0 ? ` (${commentCount} comment${commentCount === 1 ? '' : 's'})` : ''}{' '}
            <kbd>r</kbd>
          </button>{' '}
          <label title="each comment (else the message) also becomes a learning proposal for grove retro">
            <input
              type="checkbox"
              checked={lesson}
              onChange={(e) => setLesson(e.target.checked)}
              data-testid="request-lesson"
            />{' '}
            keep as a lesson
          </label>
        </div>
        <button type="button" onClick={() => setHelp((h) => !h)}>
          Shortcuts <kbd>?</kbd>
        </button>
      </div>
      {outcome && (
        <div className={outcome.kind === 'ok' ? 'notice' : 'error'} role="alert" data-testid="review-outcome">
          {outcome.text}
        </div>
      )}
      {help && (
        <table className="shortcuts" data-testid="shortcuts">
          <tbody>
            {SHORTCUTS.map(([keys, what]) => (
              <tr key={keys}>
                <td>
                  <kbd>{keys}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <div className="review-top">
        <section>
          <h2>Goal</h2>
          <pre className="goal">{goal || '(the spec has no body)'}</pre>
          <h2>Acceptance criteria</h2>
          {criteria.length === 0 && review.spec.accept.length === 0 ? (
            <p className="muted">The spec lists no acceptance criteria.</p>
          ) : (
            <ul className="criteria" data-testid="criteria">
              {[...criteria, ...review.spec.accept.map((c) => `\`${c}\` passes`)].map((c, i) => (
                <li key={i}>
                  <label>
                    <input
                      type="checkbox"
                      checked={checked.has(i)}
                      onChange={() =>
                        setChecked((s) => {
                          const next = new Set(s);
                          if (!next.delete(i)) next.add(i);
                          return next;
                        })
                      }
                    />{' '}
                    {c}
                  </label>
                </li>
              ))}
            </ul>
          )}
        </section>
        <ReviewFacts review={review} />
      </div>
      {review.bestOf && <BestOfPanel id={id} bestOf={review.bestOf} />}

      <div className="review-toolbar">
        <label>
          <input
            type="checkbox"
            checked={split}
            onChange={() => setSplit((s) => !s)}
            data-testid="split-toggle"
          />{' '}
          Side by side <kbd>u</kbd>
        </label>{' '}
        <label>
          <input
            type="checkbox"
            checked={sinceLast}
            onChange={() => setSinceLast((s) => !s)}
            disabled={lastReview === undefined}
            data-testid="since-last-toggle"
          />{' '}
          Changes since my last review <kbd>s</kbd>
        </label>{' '}
        <span className="muted" data-testid="viewed-count">
          {viewedCount} of {data.files.length} files viewed
          {changedCount > 0 && `; ${changedCount} changed since you viewed them`}
        </span>
      </div>
      {sinceLast && interdiff?.kind === 'none' && <p className="muted">{interdiff.reason}</p>}
      {sinceLast && interdiff?.kind === 'interdiff' && (
        <p className="muted" data-testid="interdiff-info">
          {interdiff.files.length === 0 ? 'Nothing changed' : `${interdiff.files.length} file(s) changed`}{' '}
          since {interdiff.review.verdict} by {interdiff.review.by} at{' '}
          <code>{interdiff.reviewed.slice(0, 8)}</code>
          {interdiff.method === 'rebased' && ' (the branch was rebased; the base’s changes are left out)'}
          {interdiff.note !== null && ` — ${interdiff.note}`}
        </p>
      )}

      <div className="review-body">
        <FileTree
          files={files}
          marks={marks}
          current={current}
          onPick={(i) => goTo(i)}
          onToggleViewed={onToggleViewed}
          {...(state === 'review' && !sinceLast ? { onDiscard: discard } : {})}
        />
        <div className="review-files" data-testid={sinceLast ? 'interdiff' : 'full-diff'}>
          {files.map((f, i) => (
            <FileDiff
              key={`${sinceLast ? 'since' : 'all'}:${f.path}`}
              file={f}
              split={split}
              viewed={isViewed(marks, f)}
              changedSinceViewed={changedSinceViewed(marks, f)}
              current={i === current}
              comments={commentsOf.get(f.path) ?? NO_COMMENTS}
              onToggleViewed={onToggleViewed}
              onOpenComment={onOpenComment}
              onSaveComment={onSaveComment}
              onRemoveComment={onRemoveComment}
            />
          ))}
          {files.length === 0 && !sinceLast && <p className="muted">The task changes no file.</p>}
        </div>
      </div>
    </div>
  );
}
