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
export async function serveStatic(root: string, pathname: string): Promise<Response> {
  const rel = normalize(decodeURIComponent(pathname)).replace(/^(\.\.(\/|\\|$))+/, '');
  const full = join(root, rel);
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) {
    return new Response('not found', { status: 404 });
  }
  const file = extname(full) ? full : join(root, 'index.html');
  try {
    const body = await readFile(file);
    const immutable = file.includes(`${sep}assets${sep}`);
    return new Response(body, {
      headers: {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-store',
      },
    });
  } catch {
    if (extname(full)) return new Response('not found', { status: 404 });
    return new Response(
      'The dashboard page is not built. Run `npm run build` in the grove package (dist/web is missing).',
      { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } },
    );
  }
}
