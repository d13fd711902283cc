import type { ReactNode } from 'react';
import { lazy, Suspense } from 'react';
import { Board } from './Board.js';
import { Conflicts } from './Conflicts.js';
import { Learnings } from './Learnings.js';
import { Plan } from './Plan.js';
import type { LiveBoard } from './live.js';
import { Queue } from './Queue.js';
import { Report } from './Report.js';
import { ReviewQueue } from './review/ReviewQueue.js';
import { TaskPage } from './TaskPage.js';
import { Trends } from './Trends.js';
import { useLive, useRoute } from './use-live.js';

// The review page brings the diff view and its highlighter (all of highlight.js's languages): loaded
// when first opened, so the board does not pay for them.
const ReviewPage = lazy(() => import('./review/ReviewPage.js').then((m) => ({ default: m.ReviewPage })));

const NAV = [
  ['/', 'Board'],
  ['/plan', 'Plan'],
  ['/conflicts', 'Conflicts'],
  ['/queue', 'Queue'],
  ['/learnings', 'Learnings'],
  ['/report', 'Report'],
  ['/trends', 'Trends'],
] as const;

export function App({ live }: { live: LiveBoard }): ReactNode {
  const route = useRoute();
  const view = useLive(live);
  const taskId = /^\/task\/(.+)$/.exec(route)?.[1];
  const reviewId = /^\/review\/(.+)$/.exec(route)?.[1];
  const waiting = [...view.board.tasks.values()].filter((t) => t.state === 'review').length;
  let page: ReactNode;
  if (reviewId !== undefined) page = <ReviewPage live={live} id={decodeURIComponent(reviewId)} />;
  else if (route === '/review') page = <ReviewQueue live={live} />;
  else if (taskId !== undefined) page = <TaskPage live={live} id={decodeURIComponent(taskId)} />;
  else if (route === '/plan') page = <Plan live={live} />;
  else if (route === '/conflicts') page = <Conflicts live={live} />;
  else if (route === '/queue') page = <Queue live={live} />;
  else if (route === '/learnings') page = <Learnings live={live} />;
  else if (route === '/report') page = <Report live={live} />;
  else if (route === '/trends') page = <Trends live={live} />;
  else page = <Board live={live} />;
  return (
    <div className="app">
      <header>
        <strong className="logo">grove</strong>
        <nav>
          {NAV.map(([path, label]) => (
            <a key={path} href={`#${path}`} className={route === path ? 'active' : ''}>
              {label}
            </a>
          ))}
          <a href="#/review" className={route.startsWith('/review') ? 'active' : ''} data-testid="nav-review">
            Review{waiting > 0 && <span className="nav-badge"> ({waiting})</span>}
          </a>
        </nav>
        <span className={`conn conn-${view.connection}`} data-testid="connection">
          {view.connection}
        </span>
      </header>
      {view.error && <div className="error">{view.error}</div>}
      <main>
        <Suspense fallback={<p className="muted">Loading…</p>}>{page}</Suspense>
      </main>
    </div>
  );
}
