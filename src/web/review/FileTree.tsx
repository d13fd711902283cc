// The review page's file tree: the changed files grouped by folder, each with its viewed mark and counts.
import type { ReactNode } from 'react';
import type { ReviewFile } from '../../shared/api.js';
import { changedSinceViewed, isViewed } from './viewed.js';

interface Props {
  files: readonly ReviewFile[];
  marks: Record<string, string>;
  current: number;
  onPick: (index: number) => void;
  onToggleViewed: (file: ReviewFile) => void;
  /** Keep or discard per file: drop this file's changes (absent: the task is not in review). */
  onDiscard?: (file: ReviewFile) => void;
}

const folderOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const nameOf = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

export function FileTree({ files, marks, current, onPick, onToggleViewed, onDiscard }: Props): ReactNode {
  const rows: ReactNode[] = [];
  let folder: string | null = null;
  files.forEach((f, i) => {
    const dir = folderOf(f.path);
    if (dir !== folder) {
      folder = dir;
      rows.push(
        <li key={`dir:${dir}`} className="tree-dir">
          {dir === '' ? '/' : `${dir}/`}
        </li>,
      );
    }
    const viewed = isViewed(marks, f);
    rows.push(
      <li
        key={f.path}
        className={`tree-file${i === current ? ' current' : ''}${viewed ? ' viewed' : ''}`}
        data-testid="tree-file"
        data-path={f.path}
      >
        <input
          type="checkbox"
          aria-label={`viewed ${f.path}`}
          checked={viewed}
          onChange={() => onToggleViewed(f)}
        />{' '}
        <a
          href={`#file-${encodeURIComponent(f.path)}`}
          onClick={(e) => {
            e.preventDefault();
            onPick(i);
          }}
        >
          {nameOf(f.path)}
        </a>{' '}
        <span className="add">+{f.additions}</span> <span className="del">−{f.deletions}</span>
        {changedSinceViewed(marks, f) && (
          <span className="changed" title="changed since you viewed it">
            {' '}
            •
          </span>
        )}
        {onDiscard && (
          <button
            type="button"
            className="discard"
            title={`discard the task's changes to ${f.path}`}
            aria-label={`discard ${f.path}`}
            onClick={() => onDiscard(f)}
          >
            discard
          </button>
        )}
      </li>,
    );
  });
  return (
    <nav className="file-tree" data-testid="file-tree">
      <ul>{rows}</ul>
    </nav>
  );
}
