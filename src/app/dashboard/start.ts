import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { watchDatabaseChanges } from '../../infra/fs/db-change-signal.js';
import { findPackageRoot } from '../../infra/fs/package-root.js';
import type { ProjectContext } from '../context.js';
import { createDashboardApp } from '../../server/app.js';
import { LOOPBACK_HOSTNAMES } from '../../server/auth.js';
import { listen } from '../../server/serve.js';
import { queueView } from '../queue/view.js';
import { createDashboardBackend } from './backend.js';
import { openJournalReader } from './journal-reader.js';
import { reviewSource } from './review.js';

export interface DashboardOptions {
  /** Default: config `dashboard.port` (0 = a free port). */
  port?: number;
  /**
   * Asked for on the command line (`--host`). Without it: config `dashboard.host` when it is a loopback
   * address; a committed config cannot open the dashboard to the network on its own.
   */
  host?: string;
  /** The built page; default dist/web next to the bundle. */
  webRoot?: string;
}

export interface RunningDashboard {
  /** The URL to open, with the token. */
  url: string;
  port: number;
  token: string;
  /** Said to the user: the config asked for an address beyond loopback without `--host`. */
  warning?: string;
  close(): Promise<void>;
}

const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);

/** The address to bind, and why it is not the config's when the config asked for more than loopback. */
export function dashboardHost(
  asked: string | undefined,
  configured: string,
): { host: string; warning?: string } {
  if (asked !== undefined || isLoopback(configured)) return { host: asked ?? configured };
  return {
    host: '127.0.0.1',
    warning: `dashboard: .grove/config.yaml asks for dashboard.host ${configured}, which other machines can reach; listening on 127.0.0.1 instead (pass --host ${configured} to mean it)`,
  };
}

/** The package's dist/web, from the bundle (dist/cli.js or a chunk of it) or from the sources. */
function defaultWebRoot(): string {
  const here = fileURLToPath(import.meta.url);
  return join(findPackageRoot(here) ?? join(dirname(here), '..'), 'dist', 'web');
}

/** Serves the dashboard for a project until `close()`: used by `grove dashboard`, `grove up`, `grove run`. */
export async function startDashboard(
  ctx: ProjectContext,
  options: DashboardOptions = {},
): Promise<RunningDashboard> {
  const { host, warning } = dashboardHost(options.host, ctx.config.dashboard.host);
  const port = options.port ?? ctx.config.dashboard.port;
  const token = randomBytes(24).toString('base64url');
  const stores = ctx.stores;
  const backend = createDashboardBackend({
    config: ctx.config,
    repoRoot: ctx.paths.mainRoot,
    tasks: stores.tasks,
    journal: openJournalReader(ctx.db),
    usage: stores.usage,
    attempts: stores.attempts,
    gates: stores.gates,
    learnings: stores.learnings,
    reportStores: stores,
    queueView: () => queueView(stores.queue, stores.journal),
    review: reviewSource(ctx),
    now: ctx.now,
    commands: ctx,
  });
  const wildcard = host === '0.0.0.0' || host === '::';
  const hostnames = wildcard ? 'any' : [...LOOPBACK_HOSTNAMES, host.includes(':') ? `[${host}]` : host];
  // New journal rows are read when the database is written, not on a 100 ms poll (issue 22: the
  // board's update latency); without a watch the stream polls as before.
  const changes = watchDatabaseChanges(join(ctx.paths.stateDir, 'grove.db'));
  const { app, close } = createDashboardApp({
    backend,
    token,
    hostnames,
    webRoot: options.webRoot ?? defaultWebRoot(),
    ...(changes ? { stream: { changes, pollMs: 1000, minGapMs: 20 } } : {}),
  });
  const server = await listen(app, host, port);
  const shownHost = wildcard ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${server.port}/?token=${token}`,
    port: server.port,
    token,
    ...(warning !== undefined ? { warning } : {}),
    close: async () => {
      close();
      changes?.close();
      await server.close();
    },
  };
}
