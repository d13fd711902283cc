// Notifications for the lead: stored (NotificationStore, journaled for the dashboard), printed as a
// terminal line, and handed to config `notify.command` as JSON on stdin.
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
  const deliver = async (id: number, n: LeadNotification): Promise<void> => {
    const command = config.notify.command;
    if (command === undefined) return;
    const [file, ...args] = typeof command === 'string' ? ['sh', '-c', command] : command;
    const input = `${JSON.stringify({ id, ...n, at: new Date().toISOString() })}\n`;
    try {
      const r = await run(file!, args, { cwd, input, timeoutMs: 30_000, maxBuffer: 64 * 1024 });
      if (r.code === 0) store.markDelivered(id);
      else
        line({ kind: 'warning', taskId: null, message: `notify.command exited with ${r.code ?? r.signal}` });
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
      if (config.notify.command === undefined) {
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
