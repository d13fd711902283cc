import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * Serves the built page from `root` (dist/web): a file when the path names one, index.html for any
 * other path (the page routes itself). Never leaves `root`.
 */
export interface StaticFile {
  status: 200 | 404 | 503;
  body: Uint8Array<ArrayBuffer> | string;
  headers: Record<string, string>;
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

export async function serveStatic(root: string, pathname: string): Promise<StaticFile> {
  const rel = normalize(decodeURIComponent(pathname)).replace(/^(\.\.(\/|\\|$))+/, '');
  const full = join(root, rel);
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) {
    return { status: 404, body: 'not found', headers: TEXT };
  }
  const file = extname(full) ? full : join(root, 'index.html');
  try {
    const body = new Uint8Array(await readFile(file));
    const immutable = file.includes(`${sep}assets${sep}`);
    return {
      status: 200,
      body,
      headers: {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-store',
      },
    };
  } catch {
    if (extname(full)) return { status: 404, body: 'not found', headers: TEXT };
    return {
      status: 503,
      body: 'The dashboard page is not built. Run `npm run build` in the grove package (dist/web is missing).',
      headers: TEXT,
    };
  }
}
