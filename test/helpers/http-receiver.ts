// A local HTTP receiver on 127.0.0.1 for what grove posts (ntfy pushes, webhooks): it keeps every
// request's headers and body and answers `{}`. `close` stops it.
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Receiver {
  url: string;
  got: Array<{ headers: IncomingHttpHeaders; body: string }>;
  close: () => void;
}

export async function startReceiver(path: string): Promise<Receiver> {
  const got: Receiver['got'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/${path}`, got, close: () => server.close() };
}
