import type { ReactNode } from 'react';
import { Board } from './Board.js';
import { Conflicts } from './Conflicts.js';
import { Learnings } from './Learnings.js';
import { Plan } from './Plan.js';
import type { LiveBoard } from './live.js';
import { Queue } from './Queue.js';
import { Report } from './Report.js';
import { TaskPage } from './TaskPage.js';
import { Trends } from './Trends.js';
import { useLive, useRoute } from './use-live.js';

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
  let page: ReactNode;
  if (taskId !== undefined) page = <TaskPage live={live} id={decodeURIComponent(taskId)} />;
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
        </nav>
        <span className={`conn conn-${view.connection}`} data-testid="connection">
          {view.connection}
        </span>
      </header>
      {view.error && <div className="error">{view.error}</div>}
      <main>{page}</main>
    </div>
  );
}
