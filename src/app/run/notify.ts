// Notifications for the lead: stored (NotificationStore, journaled for the dashboard), printed as a
// terminal line, handed to config `notify.command` as JSON on stdin and POSTed to `notify.webhook`.
import type { NotificationStore } from '../../infra/db/notification-store.js';
import { run } from '../../infra/process/run.js';
import type { Config } from '../../shared/config.js';

export interface LeadNotification {
  kind: string;
  taskId: string | null;
  message: string;
}

export interface Notifier {
  notify(n: LeadNotification): void;
  /** Resolves when every notify.command started so far has ended. */
  flush(): Promise<void>;
}

export function createNotifier(
  store: NotificationStore,
  config: Config,
  cwd: string,
  line: (n: LeadNotification) => void,
): Notifier {
  const pending = new Set<Promise<void>>();
  const warn = (message: string): void => line({ kind: 'warning', taskId: null, message });
  const post = async (body: string): Promise<boolean> => {
    const url = config.notify.webhook;
    if (url === undefined) return true;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      if (res.ok) return true;
      warn(`notify.webhook answered ${res.status}`);
    } catch (e) {
      warn(`notify.webhook could not be reached: ${(e as Error).message}`);
    }
    return false;
  };
  const deliver = async (id: number, n: LeadNotification): Promise<void> => {
    const body = JSON.stringify({ id, ...n, at: new Date().toISOString() });
    const posted = await post(body);
    const command = config.notify.command;
    if (command === undefined) {
      if (posted) store.markDelivered(id);
      return;
    }
    const [file, ...args] = typeof command === 'string' ? ['sh', '-c', command] : command;
    const input = `${body}\n`;
    try {
      const r = await run(file!, args, { cwd, input, timeoutMs: 30_000, maxBuffer: 64 * 1024 });
      if (r.code !== 0) warn(`notify.command exited with ${r.code ?? r.signal}`);
      else if (posted) store.markDelivered(id);
    } catch (e) {
      line({
        kind: 'warning',
        taskId: null,
        message: `notify.command could not run: ${(e as Error).message}`,
      });
    }
  };
  return {
    notify(n) {
      const id = store.add(n);
      line(n);
      if (config.notify.command === undefined && config.notify.webhook === undefined) {
        store.markDelivered(id);
        return;
      }
      const p = deliver(id, n).finally(() => pending.delete(p));
      pending.add(p);
    },
    async flush() {
      await Promise.all([...pending]);
    },
  };
}
