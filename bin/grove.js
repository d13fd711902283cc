#!/usr/bin/env node
// The grove command. The TypeScript sources are bundled into dist/ by `npm run build`
// (run automatically by `npm ci` through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write(
    'grove: dist/cli.js is missing. Run `npm run build` (or `npm ci`) in the grove package.\n',
  );
  process.exit(70);
}
await import(bundle.href);
