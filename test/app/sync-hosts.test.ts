// Where a task runs, across syncs of its task file: the file's host, except where the scheduler placed
// a `host: any` task, or an unreachable host's attempt went to that host's fallback (real SQLite).
import { afterEach, describe, expect, it } from 'vitest';
import { syncTasks } from '../../src/app/sync-tasks.js';
import { openDatabase, type Db } from '../../src/infra/db/open.js';
import { TaskStore } from '../../src/infra/db/task-store.js';
import { ConfigSchema } from '../../src/shared/config.js';
import { TaskFrontMatterSchema, type TaskSpec } from '../../src/shared/task-spec.js';

const config = ConfigSchema.parse({
  hosts: {
    box1: { ssh: 'me@box1', root: '/srv/grove' },
    box2: { ssh: 'me@box2', root: '/srv/grove', fallback: 'box3' },
    box3: { ssh: 'me@box3', root: '/srv/grove' },
  },
});

function spec(id: string, host: string | undefined): TaskSpec {
  const front = TaskFrontMatterSchema.parse({ id, title: `Task ${id}`, owns: [`src/${id}/**`], host });
  return { ...front, body: 'Do it.\n', file: `.grove/tasks/${id}.md` };
}

let db: Db | undefined;
afterEach(() => db?.close());

function store(): TaskStore {
  db = openDatabase(':memory:');
  return new TaskStore(db);
}

describe('a task host across syncs', () => {
  it('takes the task file host, and a changed file moves it', () => {
    const tasks = store();
    syncTasks(tasks, [spec('a', 'box1'), spec('b', undefined)], config);
    expect(tasks.get('a')?.host).toBe('box1');
    expect(tasks.get('b')?.host).toBeNull();
    const result = syncTasks(tasks, [spec('a', 'box3'), spec('b', undefined)], config);
    expect(tasks.get('a')?.host).toBe('box3');
    expect(result.updated).toEqual([{ id: 'a', fields: ['host'] }]);
  });

  it('keeps the host the scheduler placed a `host: any` task on', () => {
    const tasks = store();
    syncTasks(tasks, [spec('a', 'any')], config);
    tasks.patch('a', { host: 'box2' });
    const result = syncTasks(tasks, [spec('a', 'any')], config);
    expect(tasks.get('a')?.host).toBe('box2');
    expect(result.unchanged).toEqual(['a']);
  });

  it('keeps a task on the fallback its host sent it to, and only there', () => {
    const tasks = store();
    syncTasks(tasks, [spec('a', 'box2'), spec('b', 'box1')], config);
    tasks.patch('a', { host: 'box3' }); // box2 could not be reached: its fallback took the attempt
    tasks.patch('b', { host: 'box3' }); // box1 has no fallback: the file's host comes back
    const result = syncTasks(tasks, [spec('a', 'box2'), spec('b', 'box1')], config);
    expect(tasks.get('a')?.host).toBe('box3');
    expect(tasks.get('b')?.host).toBe('box1');
    expect(result.unchanged).toEqual(['a']);
  });
});
