import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskStore } from '../../src/infra/db/task-store.js';
import {
  ActionResultSchema,
  ApiErrorSchema,
  BoardSnapshotSchema,
  TaskDetailSchema,
} from '../../src/shared/api.js';
import { BASE, TOKEN, makeDashboardFixture } from '../helpers/dashboard-app.js';
import type { DashboardFixture } from '../helpers/dashboard-app.js';
import { walkTo } from '../helpers/task-state.js';

let f: DashboardFixture;
let store: TaskStore;
let get: DashboardFixture['get'];
let post: DashboardFixture['post'];

beforeEach(() => {
  f = makeDashboardFixture();
  ({ store, get, post } = f);
});
afterEach(() => f.cleanup());

describe('dashboard API: who may ask', () => {
  it('refuses requests without the token, or with a wrong one, for the API and the page', async () => {
    for (const path of ['/api/snapshot', '/', '/api/events']) {
      const res = await f.app.request(`${BASE}${path}`);
      expect(res.status, path).toBe(401);
      expect(ApiErrorSchema.parse(await res.json()).error.code).toBe('UNAUTHORIZED');
    }
    expect((await get('/api/snapshot', { 'x-grove-token': 'wrong' })).status).toBe(401);
    expect((await get('/api/snapshot', { 'x-grove-token': '' })).status).toBe(401);
  });

  it('accepts the token by query (setting a cookie), header, bearer or cookie', async () => {
    const byQuery = await f.app.request(`${BASE}/api/snapshot?token=${TOKEN}`);
    expect(byQuery.status).toBe(200);
    const cookie = byQuery.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`grove_token_7777=${TOKEN}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const byCookie = await f.app.request(`${BASE}/api/snapshot`, {
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    expect(byCookie.status).toBe(200);
    // The page itself (a file response) sets the cookie too, so its scripts and EventSource get in.
    mkdirSync(join(f.dir, 'web'), { recursive: true });
    writeFileSync(join(f.dir, 'web', 'index.html'), '<!doctype html><title>grove</title>');
    const pageRes = await f.app.request(`${BASE}/?token=${TOKEN}`);
    expect(pageRes.status).toBe(200);
    expect(await pageRes.text()).toContain('<title>grove</title>');
    expect(pageRes.headers.get('set-cookie')).toContain(`grove_token_7777=${TOKEN}`);
    const byBearer = await f.app.request(`${BASE}/api/snapshot`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(byBearer.status).toBe(200);
  });

  it('refuses a foreign Origin and a foreign Host even with the token', async () => {
    const foreign = await get('/api/snapshot', { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(ApiErrorSchema.parse(await foreign.json()).error.code).toBe('FORBIDDEN_ORIGIN');
    const otherPort = await post(
      '/api/actions',
      { kind: 'pause', taskId: 'x' },
      { origin: 'http://127.0.0.1:9999' },
    );
    expect(otherPort.status).toBe(403);
    expect((await get('/api/snapshot', { origin: BASE })).status).toBe(200);
    const rebound = await f.app.request('http://evil.example:7777/api/snapshot', {
      headers: { 'x-grove-token': TOKEN },
    });
    expect(rebound.status).toBe(403);
  });
});

describe('dashboard API: reading and acting', () => {
  it('snapshots the tasks and refuses an unknown task with a JSON error', async () => {
    store.upsert('t1', { title: 'First', budget_tokens: 1000 });
    walkTo(store, 't1', 'running', 'started by test');
    const snap = BoardSnapshotSchema.parse(await (await get('/api/snapshot')).json());
    expect(snap.tasks.map((t) => [t.id, t.state, t.tokens.budget])).toEqual([['t1', 'running', 1000]]);
    expect(snap.lastEventId).toBe(3); // the upsert, then planned → ready → running
    const missing = await get('/api/tasks/nope');
    expect(missing.status).toBe(404);
    const err = ApiErrorSchema.parse(await missing.json()).error;
    expect(err.code).toBe('TASK_NOT_FOUND');
    expect(err.hint).toBeTruthy();
  });

  // Issue 16: the dashboard's buttons are the CLI's task commands now, so these assertions changed on
  // purpose: the causes are the CLI's ("paused by the lead"), Stop holds the task (blocked) as `grove stop`
  // does instead of abandoning it, and Resume refuses a task that would pause again at once.
  it('pauses, resumes with more budget, stops (blocked) and abandons as the CLI does', async () => {
    store.upsert('t1', { title: 'First', budget_tokens: 1000 });
    walkTo(store, 't1', 'running', 'started by test');
    const paused = ActionResultSchema.parse(
      await (await post('/api/actions', { kind: 'pause', taskId: 't1' })).json(),
    );
    expect(paused).toMatchObject({ kind: 'done', state: 'paused' });
    expect(store.require('t1').state).toBe('paused');
    expect(store.stateHistory('t1').at(-1)).toMatchObject({
      from: 'running',
      to: 'paused',
      cause: 'paused by the lead',
      by: 'dashboard',
      action: 'pause',
    });

    await post('/api/actions', { kind: 'resume', taskId: 't1', addTokens: 500 });
    expect(store.require('t1')).toMatchObject({ state: 'ready', budget_tokens: 1500 });
    expect(store.stateHistory('t1').at(-1)).toMatchObject({ to: 'ready', resume: true, budget: 1500 });

    walkTo(store, 't1', 'running', 'started by test');
    const stopped = await post('/api/actions', { kind: 'stop', taskId: 't1' });
    expect(ActionResultSchema.parse(await stopped.json())).toMatchObject({ kind: 'done', state: 'blocked' });
    expect(store.require('t1').state).toBe('blocked');
    const again = await post('/api/actions', { kind: 'pause', taskId: 't1' });
    expect(again.status).toBe(409);
    expect(ActionResultSchema.parse(await again.json())).toMatchObject({
      kind: 'refused',
      code: 'STATE_INVALID',
    });
    expect(store.require('t1').state).toBe('blocked');
    const abandoned = await post('/api/actions', { kind: 'abandon', taskId: 't1' });
    expect(ActionResultSchema.parse(await abandoned.json())).toMatchObject({
      kind: 'done',
      state: 'abandoned',
    });
    expect(store.require('t1').state).toBe('abandoned');
  });

  it('refuses to resume a task that would pause again at once, and says how much to add', async () => {
    store.upsert('t1', { title: 'First', budget_tokens: 1000 });
    walkTo(store, 't1', 'paused', 'paused for budget by test');
    const attempt = f.stores.attempts.create({
      taskId: 't1',
      kind: 'initial',
      agent: 'scripted',
      adapter: 'scripted',
      logDir: f.dir,
    });
    f.stores.attempts.ingest(attempt.id, 'stdout', 10, [
      { kind: 'usage', messageId: 'm1', input: 950, output: 0, cacheRead: 0, cacheWrite: 0 },
    ]);
    f.stores.attempts.finish(attempt.id, { exitCode: null, signal: 'SIGTERM', outcome: 'paused' });
    const res = await post('/api/actions', { kind: 'resume', taskId: 't1' });
    expect(res.status).toBe(409);
    const body = ActionResultSchema.parse(await res.json());
    expect(body).toMatchObject({ kind: 'refused', code: 'USAGE' });
    if (body.kind === 'refused') expect(body.hint).toContain('--budget +');
    expect(store.require('t1').state).toBe('paused');
  });

  it('checks every action against the state machine and says why it refuses', async () => {
    store.upsert('t1', { title: 'First', agent: 'claude' });
    store.transition('t1', 'ready', 'test');
    const paused = ActionResultSchema.parse(
      await (await post('/api/actions', { kind: 'pause', taskId: 't1' })).json(),
    );
    expect(paused.kind).toBe('refused');
    expect(paused).toMatchObject({ kind: 'refused', code: 'STATE_INVALID' });
    expect(paused.message).toContain('task t1 is ready; nothing to pause');
    store.transition('t1', 'running', 'test');
    store.transition('t1', 'stuck', 'same error three times');
    const reassigned = await post('/api/actions', { kind: 'reassign', taskId: 't1', agent: 'codex' });
    expect(ActionResultSchema.parse(await reassigned.json())).toMatchObject({
      kind: 'done',
      state: 'reassigned',
    });
    expect(store.require('t1')).toMatchObject({ state: 'reassigned', agent: 'codex' });
    expect(store.stateHistory('t1').at(-1)).toMatchObject({
      action: 'reassign',
      by: 'dashboard',
      agent: 'codex',
    });
    const scope = await post('/api/actions', { kind: 'approve-scope', taskId: 't1' });
    // t1 never asked for more files: nothing to approve, and it says so.
    expect(ActionResultSchema.parse(await scope.json())).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('no scope request') as string,
    });
    expect(store.require('t1').state).toBe('reassigned');
  });

  it('enqueues a verified task with its merge-queue entry, and refuses one that is not verified', async () => {
    store.upsert('t1', { title: 'First' });
    walkTo(store, 't1', 'running', 'started by test');
    const early = await post('/api/actions', { kind: 'enqueue', taskId: 't1' });
    expect(ActionResultSchema.parse(await early.json())).toMatchObject({
      kind: 'refused',
      code: 'STATE_INVALID',
    });
    expect(f.stores.queue.openEntry('t1')).toBeUndefined();
    walkTo(store, 't1', 'verified', 'gates passed in the test');
    const queued = await post('/api/actions', { kind: 'enqueue', taskId: 't1' });
    expect(ActionResultSchema.parse(await queued.json())).toMatchObject({ kind: 'done', state: 'queued' });
    // The queue runner takes tasks from its entries: a queued task without one would never merge.
    expect(f.stores.queue.openEntry('t1')).toMatchObject({ task_id: 't1' });
    expect(store.stateHistory('t1').at(-1)).toMatchObject({
      to: 'queued',
      action: 'enqueue',
      by: 'dashboard',
    });
  });

  it('rejects a malformed action body with a 400 naming the field', async () => {
    const res = await post('/api/actions', { kind: 'pause' });
    expect(res.status).toBe(400);
    const err = ApiErrorSchema.parse(await res.json()).error;
    expect(err.code).toBe('USAGE');
    expect(err.message).toContain('taskId');
    expect((await post('/api/actions', { kind: 'explode', taskId: 't1' })).status).toBe(400);
  });

  it('shows a task diff against its base from the real worktree, with uncommitted and untracked work', async () => {
    const wt = join(f.repo.parent, 'wt-t1');
    f.repo.git('worktree', 'add', '-q', '-b', 'grove/t1', wt, 'main');
    f.repo.git('-C', wt, 'commit', '-q', '--allow-empty', '-m', 'empty');
    writeFileSync(join(wt, 'README.md'), '# test repo\nchanged\n');
    mkdirSync(join(wt, 'src'));
    writeFileSync(join(wt, 'src/new.ts'), 'export {};\n'); // untracked: an agent's new file
    store.upsert('t1', {
      title: 'First',
      base: 'main',
      branch: 'grove/t1',
      worktree: wt,
      agent: 'claude',
      session_id: 's-1',
    });
    const detail = TaskDetailSchema.parse(await (await get('/api/tasks/t1')).json());
    expect(detail.diff.kind).toBe('diff');
    if (detail.diff.kind === 'diff') {
      expect(detail.diff.files).toEqual([
        { path: 'README.md', additions: 1, deletions: 0 },
        { path: 'src/new.ts', additions: 1, deletions: 0 },
      ]);
      expect(detail.diff.patch).toContain('+changed');
    }
    expect(detail.attach?.argv).toEqual(['claude', '--resume', 's-1']);
    expect(detail.attach?.display).toBe(`cd ${wt} && claude --resume s-1`);
  });
});
