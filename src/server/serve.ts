import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { GroveError } from '../shared/errors.js';

export interface ListeningServer {
  port: number;
  host: string;
  close(): Promise<void>;
}

/** Listens on host:port (0 = any free port); a clear error when the port is taken. */
export function listen(app: Hono, host: string, port: number): Promise<ListeningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }) as Server;
    server.once('error', (cause: NodeJS.ErrnoException) => {
      reject(
        new GroveError('USAGE', `cannot listen on ${host}:${port}: ${cause.code ?? cause.message}`, {
          hint: cause.code === 'EADDRINUSE' ? 'pass another --port (0 picks a free one)' : 'check --host',
          cause,
        }),
      );
    });
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      resolve({
        port: address.port,
        host,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
