// Where the lead is when a task needs them: a desktop notification (notify-send on Linux, osascript on
// macOS) and a phone push through ntfy (config `notify.ntfy: https://ntfy.sh/<topic>` — or a self-hosted
// ntfy), each with a link to the task's dashboard page. Only what needs a person is pushed.
import { run } from '../../infra/process/run.js';
import { findExecutable } from '../../infra/agents/registry-probe.js';
import type { Config } from '../../shared/config.js';
import type { LeadNotification } from './notify.js';

/** Notification kinds worth interrupting a person for (not `waiting`, not warnings). */
export const PUSHED_KINDS: readonly string[] = [
  'review',
  'budget',
  'spend-cap',
  'stuck',
  'blocked',
  'conflict',
  'failed',
  'queue-error',
  'done',
];

/** The dashboard page for the notification (the task's page, or the board), without the token. */
export function dashboardLink(config: Config, taskId: string | null): string {
  const { host, port } = config.dashboard;
  const shown = host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/#/${taskId === null ? '' : `task/${encodeURIComponent(taskId)}`}`;
}

function title(n: LeadNotification): string {
  return `grove ${n.kind}${n.taskId ? `: ${n.taskId}` : ''}`;
}

/** The ntfy request: the message as the body, title, tags, priority and the link as headers. */
export function ntfyRequest(
  n: LeadNotification,
  link: string,
): { headers: Record<string, string>; body: string } {
  const urgent = n.kind === 'budget' || n.kind === 'spend-cap' || n.kind === 'failed' || n.kind === 'stuck';
  return {
    headers: {
      // HTTP headers carry Latin-1 only: anything else in a task id is replaced.
      Title: title(n).replace(/[^\x20-\x7e]/g, '?'),
      Tags: n.kind,
      Priority: urgent ? 'high' : 'default',
      Click: link,
    },
    body: n.message,
  };
}

/** POSTs to the ntfy topic URL; true when it answered 2xx. */
export async function pushNtfy(
  url: string,
  n: LeadNotification,
  link: string,
  warn: (m: string) => void,
): Promise<boolean> {
  const { headers, body } = ntfyRequest(n, link);
  try {
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
    if (res.ok) return true;
    warn(`notify.ntfy answered ${res.status}`);
  } catch (e) {
    warn(`notify.ntfy could not be reached: ${(e as Error).message}`);
  }
  return false;
}

/** The desktop notifier program for this platform and its arguments, or why there is none. */
export function desktopCommand(
  n: LeadNotification,
  link: string,
  platform: NodeJS.Platform = process.platform,
): { program: string; args: string[] } | { missing: string } {
  const text = `${n.message}\n${link}`;
  if (platform === 'darwin') {
    const quote = (s: string): string => JSON.stringify(s); // AppleScript strings escape like JSON's
    return {
      program: 'osascript',
      args: ['-e', `display notification ${quote(text)} with title ${quote(title(n))}`],
    };
  }
  if (platform === 'linux') return { program: 'notify-send', args: ['--app-name=grove', title(n), text] };
  return { missing: `notify.desktop is not supported on ${platform}` };
}

/** Shows a desktop notification; true when the notifier ran and succeeded. */
export async function pushDesktop(
  n: LeadNotification,
  link: string,
  cwd: string,
  warn: (m: string) => void,
): Promise<boolean> {
  const command = desktopCommand(n, link);
  if ('missing' in command) {
    warn(command.missing);
    return false;
  }
  const path = findExecutable(command.program, cwd);
  if (!path) {
    warn(`notify.desktop: ${command.program} is not on PATH (Debian/Ubuntu: apt-get install libnotify-bin)`);
    return false;
  }
  try {
    const r = await run(path, command.args, { cwd, timeoutMs: 10_000, maxBuffer: 64 * 1024 });
    if (r.code === 0) return true;
    warn(`notify.desktop: ${command.program} exited with ${r.code ?? r.signal}`);
  } catch (e) {
    warn(`notify.desktop: ${command.program} could not run: ${(e as Error).message}`);
  }
  return false;
}
