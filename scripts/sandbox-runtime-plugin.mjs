// esbuild plugin: sandbox-runtime as the attempt wrapper bundles it (scripts/build.mjs), changed where
// its start is slow for nothing grove uses. Each text change is checked: a runtime whose code moved fails
// the build instead of being bundled unchanged (the version is pinned in package.json).
// - node-forge (half its code, compiled at every sandboxed start) is left out: it serves only TLS
//   termination, which grove never configures (src/infra/sandbox/bundled/no-tls-termination.ts);
// - `which` (a shell script it starts for every program, which grove gives by absolute path) is looked
//   up on disk instead (src/infra/sandbox/bundled/which.ts);
// - its Linux network bridge is checked for every 5 ms (up to the same 0.6 s), not after 100 ms;
// - `bwrap --version` is not run: it only decides a warning for bubblewrap older than 0.5, and the
//   wrapper has nowhere to show warnings.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const runtimeDir = /[\\/]node_modules[\\/]@anthropic-ai[\\/]sandbox-runtime[\\/]dist[\\/]/;
const own = (file) => join(import.meta.dirname, '..', 'src/infra/sandbox/bundled', file);

/** [module the runtime imports, grove's stand-in] */
const REPLACED = [
  [/^node-forge$/, own('no-tls-termination.ts')],
  [/\/utils\/which\.js$/, own('which.ts')],
];

/** file (under the runtime's dist/) → [text, replacement] */
const PATCHED = {
  'sandbox/linux-sandbox-utils.js': [
    ['const maxAttempts = 5;', 'const maxAttempts = 120;'],
    ['setTimeout(resolve, i * 100)', 'setTimeout(resolve, 5)'],
    ['const version = probeBwrapVersion(bwrap);', 'const version = null;'],
  ],
};

export const sandboxRuntimeFastStart = {
  name: 'sandbox-runtime-fast-start',
  setup(b) {
    for (const [filter, path] of REPLACED) {
      b.onResolve({ filter }, (args) => (runtimeDir.test(args.importer) ? { path } : undefined));
    }
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      const m = runtimeDir.exec(args.path);
      const changes = m && PATCHED[args.path.slice(m.index + m[0].length).replaceAll('\\', '/')];
      if (!changes) return undefined;
      let code = await readFile(args.path, 'utf8');
      for (const [from, to] of changes) {
        if (!code.includes(from))
          throw new Error(`sandbox-runtime changed: "${from}" is gone from ${args.path}`);
        code = code.replace(from, to);
      }
      return { contents: code, loader: 'js' };
    });
  },
};
