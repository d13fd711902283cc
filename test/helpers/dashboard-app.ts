// An in-process dashboard app over a real SQLite file and a real git repo, for hono app.request() tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDashboardBackend } from '../../src/app/dashboard/backend.js';
import { openJournalReader } from '../../src/app/dashboard/journal-reader.js';
import type { TaskCommandDeps } from '../../src/app/task-commands/index.js';
import { reportStores } from '../../src/app/report/cycle-report.js';
import { openDatabase } from '../../src/infra/db/open.js';
import type { Stores } from '../../src/infra/db/stores.js';
import { openStores } from '../../src/infra/db/stores.js';
import type { TaskStore } from '../../src/infra/db/task-store.js';
import { createDashboardApp } from '../../src/server/app.js';
import { LOOPBACK_HOSTNAMES } from '../../src/server/auth.js';
import { ConfigSchema } from '../../src/shared/config.js';
import { makeTempRepo } from './git-repo.js';
import { auditThenCleanup, illegalEdges, readStateEvents } from './journal-audit.js';
import type { TempRepo } from './git-repo.js';

export const TOKEN = 'test-token-0123456789';
export const BASE = 'http://127.0.0.1:7777';

export interface DashboardFixture {
  dir: string;
  repo: TempRepo;
  store: TaskStore;
  stores: Stores;
  app: ReturnType<typeof createDashboardApp>['app'];
  /** GET with the token header (plus `headers`). */
  get: (path: string, headers?: Record<string, string>) => Promise<Response>;
  /** POST JSON with the token header (plus `headers`). */
  post: (path: string, body: unknown, headers?: Record<string, string>) => Promise<Response>;
  cleanup: () => void;
}

export function makeDashboardFixture(): DashboardFixture {
  const dir = mkdtempSync(join(tmpdir(), 'grove-dash-'));
  const repo = makeTempRepo();
  const db = openDatabase(join(dir, 'grove.db'));
  const stores = openStores(db);
  const config = ConfigSchema.parse({});
  // What the task commands need, as a ProjectContext would give it (the state folder is the temp dir).
  const commands: TaskCommandDeps = {
    paths: { root: repo.root, mainRoot: repo.root, commonDir: join(repo.root, '.git'), stateDir: dir },
    config,
    tasks: [],
    db,
    store: stores.tasks,
    stores,
    now: Date.now,
  };
  const backend = createDashboardBackend({
    config,
    repoRoot: repo.root,
    tasks: stores.tasks,
    journal: openJournalReader(db),
    usage: stores.usage,
    attempts: stores.attempts,
    gates: stores.gates,
    reportStores: reportStores(db, Date.now),
    now: Date.now,
    commands,
  });
  const server = createDashboardApp({
    backend,
    token: TOKEN,
    hostnames: LOOPBACK_HOSTNAMES,
    webRoot: join(dir, 'web'),
    stream: { pollMs: 10 },
  });
  return {
    dir,
    repo,
    store: stores.tasks,
    stores,
    app: server.app,
    get: async (path, headers = {}) =>
      server.app.request(`${BASE}${path}`, { headers: { 'x-grove-token': TOKEN, ...headers } }),
    post: async (path, body, headers = {}) =>
      server.app.request(`${BASE}${path}`, {
        method: 'POST',
        headers: { 'x-grove-token': TOKEN, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
    cleanup: () =>
      auditThenCleanup(
        join(dir, 'grove.db'),
        () => illegalEdges(readStateEvents(db)),
        () => {
          server.close();
          db.close();
          rmSync(dir, { recursive: true, force: true });
          repo.cleanup();
        },
      ),
  };
}
