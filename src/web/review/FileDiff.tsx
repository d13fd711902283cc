// One file of the review page's diff, drawn by @git-diff-view/react (a maintained diff view: split and
// unified modes, syntax highlighting through its lowlight highlighter, extend rows under a line that hold
// our comments). A file is drawn only while it is near the screen (a placeholder of its height before
// and after), so a 200-file diff paints its first file at once and the page stays small to scroll.
import type { ReactNode } from 'react';
import { Component, memo, useEffect, useMemo, useRef, useState } from 'react';
import { DiffModeEnum, DiffView, SplitSide } from '@git-diff-view/react';
import '@git-diff-view/react/styles/diff-view-pure.css';
import type { ReviewFile } from '../../shared/api.js';
import { preparedDiffFile } from './prepared.js';

/** The comments of one file: line (new side) → text; `draft` is the line whose box is open. */
export interface FileComments {
  saved: ReadonlyMap<number, string>;
  draft: number | null;
}

interface Props {
  file: ReviewFile;
  split: boolean;
  viewed: boolean;
  changedSinceViewed: boolean;
  /** The file the keyboard is on. */
  current: boolean;
  comments: FileComments;
  onToggleViewed: (file: ReviewFile) => void;
  onOpenComment: (file: string, line: number) => void;
  onSaveComment: (file: string, line: number, text: string) => void;
  onRemoveComment: (file: string, line: number) => void;
}

const LINE_PX = 20;
/** How far off screen a file starts being drawn. */
const NEAR_PX = 600;

/** The new-side line number of the row a click landed on, in either mode; null off the new side. */
function newSideLineAt(target: HTMLElement): number | null {
  const row = target.closest('tr.diff-line');
  if (!row || row.getAttribute('data-state') === 'extend' || row.getAttribute('data-state') === 'hunk')
    return null;
  const unified = row.querySelector('[data-line-new-num]');
  if (unified) return Number(unified.getAttribute('data-line-new-num'));
  const side = target.closest('[data-side]')?.getAttribute('data-side');
  if (side !== 'new') return null;
  const num = row.querySelector('.diff-line-new-num [data-line-num]');
  return num ? Number(num.getAttribute('data-line-num')) : null;
}

/** A file the diff view cannot draw shows its raw patch and why, instead of breaking the whole page. */
class DrawOrRaw extends Component<{ patch: string; children: ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };
  static getDerivedStateFromError(error: unknown): { error: string } {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <div>
        <p className="error-text">The diff view could not draw this file ({this.state.error}); its patch:</p>
        <pre>{this.props.patch}</pre>
      </div>
    );
  }
}

interface ExtendLine {
  line: number;
  text: string | null;
}

function CommentBox({
  file,
  line,
  text,
  onSave,
  onRemove,
}: {
  file: string;
  line: number;
  text: string | null;
  onSave: (file: string, line: number, text: string) => void;
  onRemove: (file: string, line: number) => void;
}): ReactNode {
  const [value, setValue] = useState(text ?? '');
  const [editing, setEditing] = useState(text === null);
  if (!editing && text !== null) {
    return (
      <div className="review-comment" data-testid="review-comment">
        <b>
          {file}:{line}
        </b>{' '}
        {text}{' '}
        <button type="button" onClick={() => setEditing(true)}>
          Edit
        </button>{' '}
        <button type="button" onClick={() => onRemove(file, line)}>
          Remove
        </button>
      </div>
    );
  }
  return (
    <form
      className="review-comment editing"
      data-testid="comment-box"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim() === '') return;
        onSave(file, line, value.trim());
        setEditing(false);
      }}
    >
      <label>
        Comment on {file}:{line}
        <textarea
          autoFocus
          value={value}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onRemove(file, line);
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit();
          }}
        />
      </label>
      <button type="submit" disabled={value.trim() === ''}>
        Add comment
      </button>{' '}
      <button type="button" onClick={() => onRemove(file, line)}>
        Cancel
      </button>
    </form>
  );
}

function FileDiffImpl(props: Props): ReactNode {
  const { file, comments } = props;
  const ref = useRef<HTMLElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  /** The height the file had when last drawn: its placeholder keeps it, so nothing jumps. */
  const drawnHeight = useRef<number | null>(null);
  const collapsed = props.viewed;
  const lines = useMemo(() => file.patch.split('\n').length, [file]);
  const drawable = file.status !== 'binary' && /\n@@ /.test(file.patch);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const io = new IntersectionObserver(
      (entries) => {
        const on = entries.some((e) => e.isIntersecting);
        if (!on && bodyRef.current) drawnHeight.current = bodyRef.current.offsetHeight;
        setNear(on);
      },
      { rootMargin: `${NEAR_PX}px 0px` },
    );
    io.observe(el);
    return () => io.disconnect();
  }, []);
  const diffFile = useMemo(() => (near && drawable ? preparedDiffFile(file) : null), [near, file]);
  const extendData = useMemo(() => {
    const rows: Record<string, { data: ExtendLine }> = {};
    for (const [line, text] of comments.saved) rows[String(line)] = { data: { line, text } };
    if (comments.draft !== null && !comments.saved.has(comments.draft))
      rows[String(comments.draft)] = { data: { line: comments.draft, text: null } };
    return { newFile: rows };
  }, [comments]);
  return (
    <section
      ref={ref}
      className={`review-file${props.current ? ' current' : ''}`}
      data-testid="review-file"
      data-path={file.path}
      id={`file-${encodeURIComponent(file.path)}`}
    >
      <div className="review-file-head">
        <label className="viewed">
          <input
            type="checkbox"
            checked={props.viewed}
            onChange={() => props.onToggleViewed(file)}
            data-testid="viewed-toggle"
          />{' '}
          Viewed
        </label>{' '}
        <b className="path">
          {file.oldPath !== null ? `${file.oldPath} → ` : ''}
          {file.path}
        </b>{' '}
        <span className={`fstatus fstatus-${file.status}`}>{file.status}</span>{' '}
        <span className="add">+{file.additions}</span> <span className="del">−{file.deletions}</span>
        {props.changedSinceViewed && <span className="changed"> changed since you viewed it</span>}
      </div>
      {collapsed ? null : !drawable ? (
        <p className="muted">
          {file.status === 'binary' ? 'Binary file.' : 'No lines changed (mode or name only).'}
        </p>
      ) : diffFile !== null ? (
        <div
          ref={bodyRef}
          className="review-diff"
          data-testid="review-diff"
          onClick={(e) => {
            const target = e.target as HTMLElement;
            if (target.closest('.review-comment, button, a, textarea, input')) return;
            const line = newSideLineAt(target);
            if (line !== null && Number.isFinite(line)) props.onOpenComment(file.path, line);
          }}
        >
          <DrawOrRaw patch={file.patch}>
            <DiffView<ExtendLine>
              diffFile={diffFile}
              diffViewMode={props.split ? DiffModeEnum.Split : DiffModeEnum.Unified}
              diffViewHighlight
              diffViewWrap={false}
              diffViewFontSize={13}
              diffViewAddWidget
              onAddWidgetClick={(line, side) =>
                side === SplitSide.new && props.onOpenComment(file.path, line)
              }
              extendData={extendData}
              renderExtendLine={({ data: d, side }) =>
                side === SplitSide.new ? (
                  <CommentBox
                    key={`${d.line}:${d.text ?? ''}`}
                    file={file.path}
                    line={d.line}
                    text={d.text}
                    onSave={props.onSaveComment}
                    onRemove={props.onRemoveComment}
                  />
                ) : null
              }
            />
          </DrawOrRaw>
        </div>
      ) : (
        <div className="review-placeholder" style={{ height: drawnHeight.current ?? lines * LINE_PX }} />
      )}
    </section>
  );
}

export const FileDiff = memo(FileDiffImpl);
