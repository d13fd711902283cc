import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { GroveError } from '../shared/errors.js';
import type { GroveErrorCode } from '../shared/errors.js';
import { DashboardActionSchema } from '../shared/api.js';
import type { ApiError } from '../shared/api.js';
import type { DashboardBackend } from './backend.js';
import { requireToken } from './auth.js';
import { journalStream } from './sse.js';
import type { JournalStreamOptions } from './sse.js';
import { serveStatic } from './static.js';

export interface DashboardAppOptions {
  backend: DashboardBackend;
  token: string;
  /** Host names the server may be reached by (see auth.ts). */
  hostnames: readonly string[] | 'any';
  /** The built page (dist/web). */
  webRoot: string;
  stream?: Partial<JournalStreamOptions>;
}

/** The largest request body the API reads (an action is a few hundred bytes). */
export const MAX_BODY_BYTES = 64 * 1024;

const STATUS: Partial<Record<GroveErrorCode, 400 | 404 | 409 | 423>> = {
  USAGE: 400,
  TASK_NOT_FOUND: 404,
  STATE_INVALID: 409,
  LOCKED: 423,
};

function errorBody(code: string, message: string, hint?: string): ApiError {
  return { error: hint === undefined ? { code, message } : { code, message, hint } };
}

function decodesAsPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/** The dashboard's HTTP app: token + origin check, the JSON API, the SSE journal and the page. */
export function createDashboardApp(options: DashboardAppOptions): { app: Hono; close: () => void } {
  const { backend } = options;
  const closing = new AbortController();
  const stream: JournalStreamOptions = {
    pollMs: 100,
    heartbeatMs: 15_000,
    batchLimit: 500,
    closing: closing.signal,
    ...options.stream,
  };
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof GroveError) {
      return c.json(errorBody(err.code, err.message, err.hint), STATUS[err.code] ?? 500);
    }
    return c.json(
      errorBody('INTERNAL', err.message || 'unexpected error', 'see the grove process output'),
      500,
    );
  });
  app.notFound((c) => c.json(errorBody('NOT_FOUND', `no route ${c.req.method} ${c.req.path}`), 404));

  // A path that does not decode is the client's mistake, not a server error.
  app.use('*', async (c, next) => {
    if (decodesAsPath(new URL(c.req.url).pathname)) return next();
    return c.json(
      errorBody(
        'USAGE',
        `malformed percent-encoding in the path ${new URL(c.req.url).pathname}`,
        'encode the path with encodeURIComponent',
      ),
      400,
    );
  });
  app.use('*', requireToken({ token: options.token, hostnames: options.hostnames }));
  // Counted as it arrives (Content-Length or chunked): a huge body is refused, never buffered.
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        c.json(
          errorBody('TOO_LARGE', `request body over ${MAX_BODY_BYTES} bytes`, 'send one action per request'),
          413,
        ),
    }),
  );

  app.get('/api/snapshot', async (c) => c.json(await backend.snapshot()));
  app.get('/api/tasks/:id', async (c) => c.json(await backend.task(c.req.param('id'))));
  app.get('/api/tasks/:id/attach', (c) =>
    c.json({ attach: backend.attachCommand(c.req.param('id')) ?? null }),
  );
  app.get('/api/conflicts', async (c) => c.json(await backend.conflicts()));
  app.get('/api/queue', async (c) => c.json(await backend.queue()));
  app.get('/api/learnings', async (c) => c.json(await backend.learnings()));
  app.get('/api/agents-md', async (c) => c.json(await backend.agentsMd()));
  app.get('/api/learnings/:id/evidence', async (c) =>
    c.json(await backend.learningEvidence(c.req.param('id'))),
  );
  app.get('/api/report', async (c) => c.json(await backend.report()));
  app.get('/api/review', async (c) => c.json(await backend.reviewQueue()));
  app.get('/api/review/:id', async (c) => c.json(await backend.reviewPage(c.req.param('id'))));
  app.get('/api/review/:id/since-last', async (c) =>
    c.json(await backend.reviewInterdiff(c.req.param('id'))),
  );
  app.get('/api/review/:id/compare/:other', async (c) =>
    c.json(await backend.reviewCompare(c.req.param('id'), c.req.param('other'))),
  );
  app.get('/api/plan', async (c) => c.json(await backend.plan()));
  app.get('/api/trend', async (c) => c.json(await backend.trend()));
  app.get('/api/events', (c) => journalStream(c, backend, stream));

  app.post('/api/actions', async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    const parsed = DashboardActionSchema.safeParse(body);
    if (!parsed.success) {
      throw new GroveError(
        'USAGE',
        `invalid action: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`,
        {
          hint: 'send JSON like {"kind":"pause","taskId":"t1"}',
        },
      );
    }
    const result = await backend.act(parsed.data);
    return c.json(result, result.kind === 'done' ? 200 : 409);
  });

  app.get('*', async (c) => {
    if (c.req.path.startsWith('/api/')) return c.notFound();
    const file = await serveStatic(options.webRoot, c.req.path);
    // Through the context, so headers set by the middleware (the token cookie) are kept.
    return c.body(file.body, file.status, file.headers);
  });

  return { app, close: () => closing.abort() };
}
