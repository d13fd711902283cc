// Issue 17 (low): the dashboard's server under bad input, over real HTTP on 127.0.0.1 — a body limit
// (413, counted as it arrives), malformed percent-encoding (400, not 500), a Last-Event-ID past the
// journal's end (the stream still delivers), a committed config cannot bind beyond loopback without
// --host, and the daemon file and log holding the token are readable by the user only.
import { statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import type { ProjectContext } from '../../src/app/context.js';
import { dashboardHost, startDashboard } from '../../src/app/dashboard/start.js';
import type { RunningDashboard } from '../../src/app/dashboard/start.js';
import { MAX_BODY_BYTES } from '../../src/server/app.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';
import { readSse } from '../helpers/sse.js';

let p: GroveProject | undefined;
let ctx: ProjectContext | undefined;
let dash: RunningDashboard | undefined;
afterEach(async () => {
  await dash?.close();
  ctx?.close();
  p?.grove('down');
  p?.cleanup();
  dash = ctx = p = undefined;
});

async function serve(config = 'gates: {}\n'): Promise<{ base: string; token: string }> {
  p = makeGroveProject({ config, files: {} });
  ctx = await openProject(p.root);
  dash = await startDashboard(ctx, { port: 0 });
  return { base: `http://127.0.0.1:${dash.port}`, token: dash.token };
}

/** A raw POST, chunked (no Content-Length) when `chunks` is given. */
function post(
  url: string,
  token: string,
  body: { whole: Buffer } | { chunks: number; size: number },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {
      'x-grove-token': token,
      'content-type': 'application/json',
    };
    if ('whole' in body) headers['content-length'] = body.whole.length;
    const req = request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      // The server may close the connection once it answered 413 mid-upload.
      if (e.code === 'EPIPE' || e.code === 'ECONNRESET') resolve({ status: -1, text: e.code });
      else reject(e);
    });
    if ('whole' in body) req.end(body.whole);
    else {
      const chunk = Buffer.alloc(body.size, 0x20);
      let sent = 0;
      const more = (): void => {
        while (sent < body.chunks) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', more);
        }
        req.end();
      };
      more();
    }
  });
}

describe('dashboard server hardening', () => {
  it('refuses a body over the limit with 413, by Content-Length and chunked, and still serves', async () => {
    const { base, token } = await serve();
    const big = await post(`${base}/api/actions`, token, { whole: Buffer.alloc(MAX_BODY_BYTES + 1, 0x20) });
    expect(big.status).toBe(413);
    expect(big.text).toContain('TOO_LARGE');
    const rssBefore = process.memoryUsage().rss;
    const chunked = await post(`${base}/api/actions`, token, { chunks: 400, size: 256 * 1024 }); // 100 MB
    expect([413, -1]).toContain(chunked.status);
    if (chunked.status === 413) expect(chunked.text).toContain('TOO_LARGE');
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(60 * 1024 * 1024);
    // A normal action still works (refused for an unknown task, not for its size).
    const ok = await fetch(`${base}/api/actions`, {
      method: 'POST',
      headers: { 'x-grove-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'pause', taskId: 'nope' }),
    });
    expect(ok.status).not.toBe(413);
    expect(ok.status).toBeLessThan(500);
  }, 60_000);

  it('answers malformed percent-encoding with 400, not 500', async () => {
    const { base, token } = await serve();
    for (const path of ['/%E0%A4%A', '/api/tasks/%E0%A4%A', '/assets/%ZZ.js']) {
      const res = await fetch(`${base}${path}`, { headers: { 'x-grove-token': token } });
      expect(res.status, path).toBe(400);
      expect(await res.text()).toContain('malformed percent-encoding');
    }
  });

  it('a Last-Event-ID past the journal end still gets the events that come next', async () => {
    const { base, token } = await serve();
    const res = await fetch(`${base}/api/events`, {
      headers: { 'x-grove-token': token, 'last-event-id': '999999' },
    });
    expect(res.status).toBe(200);
    const sse = readSse(res);
    try {
      ctx!.store.upsert('late', { title: 'Late' });
      ctx!.store.appendEvent('late', { type: 'note', data: { text: 'after the reconnect' } });
      await sse.until(() => sse.events.some((e) => e.taskId === 'late'), 10_000);
    } finally {
      await sse.cancel();
    }
  });

  it('a committed config asking for a non-loopback host binds 127.0.0.1 and says how to opt in', async () => {
    expect(dashboardHost(undefined, '127.0.0.1')).toEqual({ host: '127.0.0.1' });
    expect(dashboardHost(undefined, '::1')).toEqual({ host: '::1' });
    expect(dashboardHost('0.0.0.0', '127.0.0.1')).toEqual({ host: '0.0.0.0' });
    const chosen = dashboardHost(undefined, '0.0.0.0');
    expect(chosen.host).toBe('127.0.0.1');
    expect(chosen.warning).toContain('pass --host 0.0.0.0');
    await serve('gates: {}\ndashboard: { host: 0.0.0.0 }\n');
    expect(dash!.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(dash!.warning).toContain('dashboard.host 0.0.0.0');
  });

  it('grove up writes the daemon file and its log readable by the user only', () => {
    // No tasks: the daemon only idles, so nothing writes to the repository while the test cleans up.
    p = makeGroveProject({ config: 'gates: {}\n', files: {} });
    const up = p.grove('up');
    expect(up.code).toBe(0);
    const state = join(p.root, '.git', 'grove');
    expect(statSync(join(state, 'daemon.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(state, 'logs', 'daemon.log')).mode & 0o777).toBe(0o600);
  }, 60_000);
});
