import type { ReactNode } from 'react';
import { useState } from 'react';
import type { TaskDiff } from '../shared/api.js';

/** The diff against the base: a file list, and the patch of the chosen file (or all of it). */
export function DiffView({ diff }: { diff: TaskDiff }): ReactNode {
  const [file, setFile] = useState<string | null>(null);
  if (diff.kind === 'none') return <p className="muted">No diff: {diff.reason}</p>;
  if (diff.files.length === 0) return <p className="muted">No changes against {diff.base}.</p>;
  const sections = diff.patch.split(/^(?=diff --git )/m);
  const shown = file === null ? sections : sections.filter((s) => s.startsWith(`diff --git a/${file} `));
  return (
    <div className="diff" data-testid="diff">
      <ul className="files">
        <li>
          <button className={file === null ? 'active' : ''} onClick={() => setFile(null)}>
            all {diff.files.length} files
          </button>
        </li>
        {diff.files.map((f) => (
          <li key={f.path}>
            <button className={file === f.path ? 'active' : ''} onClick={() => setFile(f.path)}>
              {f.path} <span className="add">+{f.additions ?? 'bin'}</span>{' '}
              <span className="del">−{f.deletions ?? 'bin'}</span>
            </button>
          </li>
        ))}
      </ul>
      <pre className="patch">
        {shown
          .join('')
          .split('\n')
          .map((line, i) => (
            <div
              key={i}
              className={
                line.startsWith('+')
                  ? 'add'
                  : line.startsWith('-')
                    ? 'del'
                    : line.startsWith('@@')
                      ? 'hunk'
                      : ''
              }
            >
              {line}
            </div>
          ))}
        {diff.truncated && <div className="muted">… patch truncated</div>}
      </pre>
    </div>
  );
}
