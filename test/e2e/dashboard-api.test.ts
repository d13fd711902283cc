import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDashboardBackend } from '../../src/app/dashboard/backend.js';
import { openJournalReader } from '../../src/app/dashboard/journal-reader.js';
import type { Db } from '../../src/infra/db/open.js';
import { openDatabase } from '../../src/infra/db/open.js';
import { TaskStore } from '../../src/infra/db/task-store.js';
import type { Stores } from '../../src/infra/db/stores.js';
import { openStores } from '../../src/infra/db/stores.js';
import { createDashboardApp } from '../../src/server/app.js';
import { LOOPBACK_HOSTNAMES } from '../../src/server/auth.js';
import {
  ActionResultSchema,
  ApiErrorSchema,
  BoardSnapshotSchema,
  ConflictMatrixSchema,
  ReportViewSchema,
  TaskDetailSchema,
} from '../../src/shared/api.js';
import { ConfigSchema } from '../../src/shared/config.js';
import { makeTempRepo } from '../helpers/git-repo.js';
import type { TempRepo } from '../helpers/git-repo.js';
import { readSse } from '../helpers/sse.js';

const TOKEN = 'test-token-0123456789';
const BASE = 'http://127.0.0.1:7777';

let dir: string;
let db: Db;
let store: TaskStore;
let stores: Stores;
let repo: TempRepo;
let server: ReturnType<typeof createDashboardApp>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'grove-dash-'));
  repo = makeTempRepo();
  db = openDatabase(join(dir, 'grove.db'));
  store = new TaskStore(db);
  const config = ConfigSchema.parse({});
  stores = openStores(db);
  const backend = createDashboardBackend({
    config,
    repoRoot: repo.root,
    tasks: store,
    journal: openJournalReader(db),
    usage: stores.usage,
    attempts: stores.attempts,
    gates: stores.gates,
    now: Date.now,
  });
  server = createDashboardApp({
    backend,
    token: TOKEN,
    hostnames: LOOPBACK_HOSTNAMES,
    webRoot: join(dir, 'web'),
    stream: { pollMs: 10 },
  });
});

afterEach(() => {
  server.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  repo.cleanup();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  server.app.request(`${BASE}${path}`, { headers: { 'x-grove-token': TOKEN, ...headers } });
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  server.app.request(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'x-grove-token': TOKEN, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('dashboard API: who may ask', () => {
  it('refuses requests without the token, or with a wrong one, for the API and the page', async () => {
    for (const path of ['/api/snapshot', '/', '/api/events']) {
      const res = await server.app.request(`${BASE}${path}`);
      expect(res.status, path).toBe(401);
      expect(ApiErrorSchema.parse(await res.json()).error.code).toBe('UNAUTHORIZED');
    }
    expect((await get('/api/snapshot', { 'x-grove-token': 'wrong' })).status).toBe(401);
    expect((await get('/api/snapshot', { 'x-grove-token': '' })).status).toBe(401);
  });

  it('accepts the token by query (setting a cookie), header, bearer or cookie', async () => {
    const byQuery = await server.app.request(`${BASE}/api/snapshot?token=${TOKEN}`);
    expect(byQuery.status).toBe(200);
    const cookie = byQuery.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`grove_token_7777=${TOKEN}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const byCookie = await server.app.request(`${BASE}/api/snapshot`, {
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    expect(byCookie.status).toBe(200);
    // The page itself (a file response) sets the cookie too, so its scripts and EventSource get in.
    mkdirSync(join(dir, 'web'), { recursive: true });
    writeFileSync(join(dir, 'web', 'index.html'), '<!doctype html><title>grove</title>');
    const pageRes = await server.app.request(`${BASE}/?token=${TOKEN}`);
    expect(pageRes.status).toBe(200);
    expect(await pageRes.text()).toContain('<title>grove</title>');
    expect(pageRes.headers.get('set-cookie')).toContain(`grove_token_7777=${TOKEN}`);
    const byBearer = await server.app.request(`${BASE}/api/snapshot`, {
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
    const rebound = await server.app.request('http://evil.example:7777/api/snapshot', {
      headers: { 'x-grove-token': TOKEN },
    });
    expect(rebound.status).toBe(403);
  });
});

describe('dashboard API: reading and acting', () => {
  it('snapshots the tasks and refuses an unknown task with a JSON error', async () => {
    store.upsert('t1', { title: 'First', budget_tokens: 1000 });
    store.transition('t1', 'running', 'started by test');
    const snap = BoardSnapshotSchema.parse(await (await get('/api/snapshot')).json());
    expect(snap.tasks.map((t) => [t.id, t.state, t.tokens.budget])).toEqual([['t1', 'running', 1000]]);
    expect(snap.lastEventId).toBe(2);
    const missing = await get('/api/tasks/nope');
    expect(missing.status).toBe(404);
    const err = ApiErrorSchema.parse(await missing.json()).error;
    expect(err.code).toBe('TASK_NOT_FOUND');
    expect(err.hint).toBeTruthy();
  });

  it('pauses, resumes with more budget and stops through the store, with a cause', async () => {
    store.upsert('t1', { title: 'First', budget_tokens: 1000 });
    store.transition('t1', 'running', 'started by test');
    const paused = ActionResultSchema.parse(
      await (await post('/api/actions', { kind: 'pause', taskId: 't1' })).json(),
    );
    expect(paused).toMatchObject({ kind: 'done', state: 'paused' });
    expect(store.require('t1').state).toBe('paused');
    expect(store.stateHistory('t1').at(-1)).toMatchObject({
      from: 'running',
      to: 'paused',
      cause: 'paused from the dashboard',
    });

    await post('/api/actions', { kind: 'resume', taskId: 't1', addTokens: 500 });
    expect(store.require('t1')).toMatchObject({ state: 'ready', budget_tokens: 1500 });

    await post('/api/actions', { kind: 'stop', taskId: 't1' });
    expect(store.require('t1').state).toBe('abandoned');
    const again = await post('/api/actions', { kind: 'pause', taskId: 't1' });
    expect(again.status).toBe(409);
    expect(ActionResultSchema.parse(await again.json()).kind).toBe('refused');
    expect(store.require('t1').state).toBe('abandoned');
  });

  it('checks every action against the state machine and says why it refuses', async () => {
    store.upsert('t1', { title: 'First', agent: 'claude' });
    store.transition('t1', 'ready', 'test');
    const paused = ActionResultSchema.parse(
      await (await post('/api/actions', { kind: 'pause', taskId: 't1' })).json(),
    );
    expect(paused.kind).toBe('refused');
    expect(paused.message).toContain('a ready task cannot become paused');
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
    expect(ActionResultSchema.parse(await scope.json()).kind).toBe('unsupported');
    expect(store.require('t1').state).toBe('reassigned');
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
    const wt = join(repo.parent, 'wt-t1');
    repo.git('worktree', 'add', '-q', '-b', 'grove/t1', wt, 'main');
    repo.git('-C', wt, 'commit', '-q', '--allow-empty', '-m', 'empty');
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

describe('dashboard API: what the other stores and git say', () => {
  it('predicts conflicts between task branches with git merge-tree', async () => {
    repo.commit('shared file', { 'src/shared.ts': 'export const a = 1;\n' });
    const branch = (id: string, content: string) => {
      repo.git('branch', `grove/${id}`, 'main');
      repo.git('checkout', '-q', `grove/${id}`);
      repo.commit(
        `${id} edits`,
        content.startsWith('new:') ? { [`src/${id}.ts`]: content } : { 'src/shared.ts': content },
      );
      repo.git('checkout', '-q', 'main');
      store.upsert(id, { title: id, branch: `grove/${id}`, base: 'main' });
      store.transition(id, 'ready', 'test');
      store.transition(id, 'running', 'test');
    };
    branch('a', 'export const a = 2;\n');
    branch('b', 'export const a = 3;\n');
    branch('c', 'new: export const c = 1;\n');
    const matrix = ConflictMatrixSchema.parse(await (await get('/api/conflicts')).json());
    expect(matrix.tasks).toEqual(['a', 'b', 'c']);
    expect(matrix.pairs).toEqual([{ a: 'a', b: 'b', files: ['src/shared.ts'] }]);
    const snap = BoardSnapshotSchema.parse(await (await get('/api/snapshot')).json());
    expect(Object.fromEntries(snap.tasks.map((t) => [t.id, t.conflictsWith]))).toEqual({
      a: ['b'],
      b: ['a'],
      c: [],
    });
  });

  it('shows gate runs, attempts and usage, and reports them', async () => {
    store.upsert('t1', { title: 'First', agent: 'scripted' });
    store.transition('t1', 'ready', 'test');
    store.transition('t1', 'running', 'test');
    const attempt = stores.attempts.create({
      taskId: 't1',
      kind: 'initial',
      agent: 'scripted',
      adapter: 'scripted',
      logDir: dir,
    });
    stores.attempts.ingest(attempt.id, 'stdout', 10, [
      { kind: 'usage', messageId: 'm1', input: 100, output: 50, cacheRead: 0, cacheWrite: 0 },
    ]);
    stores.attempts.finish(attempt.id, { exitCode: 0, signal: null, outcome: 'completed' });
    stores.gates.record({
      task_id: 't1',
      attempt_id: attempt.id,
      gate: 'test',
      command: 'npm test',
      ok: false,
      exit_code: 1,
      timed_out: false,
      duration_ms: 1200,
      output_tail: 'FAIL src/a.test.ts',
      output_path: null,
      fingerprint: 'abc',
    });
    const detail = TaskDetailSchema.parse(await (await get('/api/tasks/t1')).json());
    expect(detail.task.tokens.used).toBe(150);
    expect(detail.task.gates).toMatchObject([{ gate: 'test', ok: false }]);
    expect(detail.gates).toMatchObject([
      { gate: 'test', ok: false, exitCode: 1, output: 'FAIL src/a.test.ts' },
    ]);
    expect(detail.attempts).toMatchObject([{ n: 1, kind: 'initial', outcome: 'completed', exitCode: 0 }]);
    expect(detail.tokenSeries.at(-1)?.total).toBe(150);
    expect(detail.events.map((e) => e.type)).toEqual(expect.arrayContaining(['state', 'agent', 'gate']));

    const report = ReportViewSchema.parse(await (await get('/api/report')).json());
    expect(report.tasks).toMatchObject([{ id: 't1', tokens: 150, attempts: 1, gateRuns: 1, gatePasses: 0 }]);
    expect(report.totals.gatePassRate).toBe(0);
    expect(report.markdown).toContain('t1');
  });
});

describe('dashboard API: the event stream', () => {
  it('streams journal batches and a reconnect with Last-Event-ID loses nothing', async () => {
    store.upsert('t1', { title: 'First' }); // event 1
    const first = readSse(await get('/api/events?after=0'));
    for (let i = 0; i < 4; i++)
      store.appendEvent('t1', 'agent', {
        attemptId: 1,
        stream: 'stdout',
        event: { kind: 'message', role: 'assistant', text: `m${i}` },
      });
    await first.until(() => first.events.length >= 5);
    const lastSeen = first.ids.at(-1) ?? '';
    expect(Number(lastSeen)).toBe(5);
    await first.cancel();

    // Written while nobody listens.
    for (let i = 4; i < 10; i++)
      store.appendEvent('t1', 'agent', {
        attemptId: 1,
        stream: 'stdout',
        event: { kind: 'message', role: 'assistant', text: `m${i}` },
      });
    const second = readSse(await get('/api/events', { 'last-event-id': lastSeen }));
    store.transition('t1', 'ready', 'after reconnect');
    await second.until(() => second.events.some((e) => e.type === 'state' && e.id === 12));
    await second.cancel();
    const ids = [...first.events, ...second.events].map((e) => e.id);
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('starts at the end of the journal without a cursor', async () => {
    store.upsert('t1', { title: 'First' });
    const stream = readSse(await get('/api/events'));
    store.transition('t1', 'ready', 'later');
    await stream.until(() => stream.events.length >= 1);
    await stream.cancel();
    expect(stream.events.map((e) => e.id)).toEqual([2]);
  });
});
