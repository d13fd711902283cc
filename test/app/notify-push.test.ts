// Issue 24: the lead hears about a task that needs them where they are — a phone push through ntfy and
// a desktop notification — each with a link to the task's dashboard page; noise (waits) is not pushed.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNotifier } from '../../src/app/run/notify.js';
import { desktopCommand } from '../../src/app/run/notify-push.js';
import { openStores } from '../../src/infra/db/stores.js';
import { ConfigSchema } from '../../src/shared/config.js';
import type { Receiver } from '../helpers/http-receiver.js';
import { startReceiver } from '../helpers/http-receiver.js';
import { makeTempDb } from '../helpers/temp-db.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function receiver(): Promise<Receiver> {
  const r = await startReceiver('grove-topic');
  cleanups.push(r.close);
  return r;
}

describe('pushed notifications', () => {
  it('ntfy gets what needs a person, with title, priority and the dashboard link; a wait is not pushed', async () => {
    const ntfy = await receiver();
    const hook = await receiver();
    const tdb = makeTempDb();
    cleanups.push(() => tdb.cleanup());
    const stores = openStores(tdb.db);
    const config = ConfigSchema.parse({ notify: { ntfy: ntfy.url, webhook: hook.url } });
    const notifier = createNotifier(stores.notifications, config, tdb.dir, () => undefined);
    notifier.notify({ kind: 'budget', taskId: 'login', message: 'login paused: 90k of 100k tokens used' });
    notifier.notify({ kind: 'waiting', taskId: 'b', message: 'b waits for a' });
    await notifier.flush();
    expect(ntfy.got).toHaveLength(1);
    expect(ntfy.got[0]!.body).toBe('login paused: 90k of 100k tokens used');
    expect(ntfy.got[0]!.headers).toMatchObject({
      title: 'grove budget: login',
      tags: 'budget',
      priority: 'high',
      click: 'http://127.0.0.1:7777/#/task/login',
    });
    // The webhook still gets everything, now with the link.
    expect(hook.got.map((g) => (JSON.parse(g.body) as { kind: string; url: string }).url)).toEqual([
      'http://127.0.0.1:7777/#/task/login',
      'http://127.0.0.1:7777/#/task/b',
    ]);
    expect(stores.notifications.list({ undeliveredOnly: true })).toEqual([]);
  });

  it('a desktop notification runs notify-send with the title, the message and the link', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'grove-notify-bin-'));
    cleanups.push(() => rmSync(bin, { recursive: true, force: true }));
    const log = join(bin, 'calls.txt');
    writeFileSync(join(bin, 'notify-send'), `#!/bin/sh\nprintf '%s\\n' "$@" >> ${log}\n`);
    chmodSync(join(bin, 'notify-send'), 0o755);
    const saved = process.env.PATH;
    process.env.PATH = `${bin}:${saved ?? ''}`;
    cleanups.push(() => (process.env.PATH = saved));
    const tdb = makeTempDb();
    cleanups.push(() => tdb.cleanup());
    const stores = openStores(tdb.db);
    const config = ConfigSchema.parse({ notify: { desktop: true }, dashboard: { port: 8123 } });
    const notifier = createNotifier(stores.notifications, config, tdb.dir, () => undefined);
    notifier.notify({ kind: 'review', taskId: 't', message: 't waits for your review' });
    await notifier.flush();
    expect(readFileSync(log, 'utf8')).toBe(
      '--app-name=grove\ngrove review: t\nt waits for your review\nhttp://127.0.0.1:8123/#/task/t\n',
    );
    expect(stores.notifications.list({ undeliveredOnly: true })).toEqual([]);
  });

  it('without a desktop notifier on PATH it says what to install and keeps the notification undelivered', async () => {
    const saved = process.env.PATH;
    const emptyPath = mkdtempSync(join(tmpdir(), 'grove-empty-path-'));
    cleanups.push(() => rmSync(emptyPath, { recursive: true, force: true }));
    process.env.PATH = emptyPath;
    cleanups.push(() => (process.env.PATH = saved));
    const tdb = makeTempDb();
    cleanups.push(() => tdb.cleanup());
    const stores = openStores(tdb.db);
    const lines: string[] = [];
    const config = ConfigSchema.parse({ notify: { desktop: true } });
    const notifier = createNotifier(stores.notifications, config, tdb.dir, (n) => lines.push(n.message));
    notifier.notify({ kind: 'stuck', taskId: 't', message: 't is stuck' });
    await notifier.flush();
    expect(lines).toContain(
      'notify.desktop: notify-send is not on PATH (Debian/Ubuntu: apt-get install libnotify-bin)',
    );
    expect(stores.notifications.list({ undeliveredOnly: true })).toHaveLength(1);
  });
});

describe('desktopCommand', () => {
  it('on macOS, an AppleScript notification with the text quoted', () => {
    const n = { kind: 'conflict', taskId: 'a', message: 'a "conflicts" with b' };
    expect(desktopCommand(n, 'http://127.0.0.1:7777/#/task/a', 'darwin')).toEqual({
      program: 'osascript',
      args: [
        '-e',
        'display notification "a \\"conflicts\\" with b\\nhttp://127.0.0.1:7777/#/task/a" with title "grove conflict: a"',
      ],
    });
    expect(desktopCommand(n, 'x', 'win32')).toEqual({ missing: 'notify.desktop is not supported on win32' });
  });
});
