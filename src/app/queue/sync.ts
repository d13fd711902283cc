// The task states are the truth; the queue's entries follow them before every round.
import type { QueueStore } from '../../infra/db/queue-store.js';
import type { ProjectContext } from '../context.js';

/**
 * Queued tasks without an entry join the tail (queued by the dashboard or a person); tasks left
 * `integrating` by a round that never finished (a crash) go back in line; entries of tasks that left
 * the queue (abandoned, sent back) are closed, which also drops a bisection in progress.
 */
export function syncQueue(
  ctx: ProjectContext,
  queue: QueueStore,
): Promise<{ changed: boolean; note: string }> {
  const tasks = ctx.store.list();
  const state = new Map(tasks.map((t) => [t.id, t.state]));
  let removed = false;
  for (const e of queue.open()) {
    const s = state.get(e.task_id);
    if (s === 'integrating') {
      ctx.store.transition(e.task_id, 'queued', 'merge queue: a round did not finish; back in line', {
        expectFrom: ['integrating'],
      });
      queue.markWaiting(e.task_id);
    } else if (s !== 'queued') {
      queue.finish(e.task_id, 'removed', `left the queue (${s ?? 'task gone'})`);
      removed = true;
    }
  }
  const open = new Set(queue.open().map((e) => e.task_id));
  // Oldest first into the queue: the order they became queued.
  const waiting = tasks
    .filter((t) => t.state === 'queued' && !open.has(t.id))
    .sort((a, b) => a.updated_at - b.updated_at);
  for (const t of waiting) queue.add(t.id);
  if (removed) {
    const { window } = ctx.config.queue;
    const saved = queue.state(window === 'auto' ? 1 : window);
    queue.saveState(saved.window, undefined);
  }
  return Promise.resolve({ changed: false, note: '' });
}
