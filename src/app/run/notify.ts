// Notifications for the lead: stored (NotificationStore, journaled for the dashboard), printed as a
// terminal line, handed to config `notify.command` as JSON on stdin and POSTed to `notify.webhook`
// (each with `url`, the dashboard page); those that need a person also go to `notify.ntfy` and the
// desktop (`notify.desktop`), see ./notify-push.ts.
import type { NotificationStore } from '../../infra/db/notification-store.js';
import { run } from '../../infra/process/run.js';
import type { Config } from '../../shared/config.js';
import { PUSHED_KINDS, dashboardLink, pushDesktop, pushNtfy } from './notify-push.js';

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
  const runCommand = async (body: string): Promise<boolean> => {
    const command = config.notify.command;
    if (command === undefined) return true;
    const [file, ...args] = typeof command === 'string' ? ['sh', '-c', command] : command;
    try {
      const r = await run(file!, args, { cwd, input: `${body}\n`, timeoutMs: 30_000, maxBuffer: 64 * 1024 });
      if (r.code === 0) return true;
      warn(`notify.command exited with ${r.code ?? r.signal}`);
    } catch (e) {
      warn(`notify.command could not run: ${(e as Error).message}`);
    }
    return false;
  };
  const pushed = (n: LeadNotification): boolean => PUSHED_KINDS.includes(n.kind);
  const deliver = async (id: number, n: LeadNotification): Promise<void> => {
    const url = dashboardLink(config, n.taskId);
    const body = JSON.stringify({ id, ...n, url, at: new Date().toISOString() });
    const results = await Promise.all([
      post(body),
      runCommand(body),
      config.notify.ntfy !== undefined && pushed(n) ? pushNtfy(config.notify.ntfy, n, url, warn) : true,
      config.notify.desktop && pushed(n) ? pushDesktop(n, url, cwd, warn) : true,
    ]);
    if (results.every(Boolean)) store.markDelivered(id);
  };
  const hasChannel = (n: LeadNotification): boolean =>
    config.notify.command !== undefined ||
    config.notify.webhook !== undefined ||
    (pushed(n) && (config.notify.ntfy !== undefined || config.notify.desktop));
  return {
    notify(n) {
      const id = store.add(n);
      line(n);
      if (!hasChannel(n)) {
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
