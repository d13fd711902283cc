// Bundles the CLI and the scripted agent with esbuild, and the dashboard with Vite.
// Usage: node scripts/build.mjs [--no-web]
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { chmod, rm } from 'node:fs/promises';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
};

// The CLI is split: dist/cli.js is a small entry, and each command's module (with what only it uses)
// is a chunk in dist/chunks/ loaded when that command runs (src/cli/commands/index.ts).
const cli = { in: 'src/cli/main.ts', out: 'dist/cli.js' };
const entries = [
  { in: 'src/infra/agents/scripted/main.ts', out: 'dist/scripted-agent.js', banner: '#!/usr/bin/env node' },
  { in: 'src/infra/process/attempt-wrapper.ts', out: 'dist/attempt-wrapper.js' },
  { in: 'src/infra/agents/copilot/runner.ts', out: 'dist/copilot-runner.js' },
];

await rm('dist/chunks', { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { cli: cli.in },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});

await Promise.all(
  entries
    .filter((e) => existsSync(e.in))
    .map(async (e) => {
      await build({
        ...common,
        entryPoints: [e.in],
        outfile: e.out,
        banner: e.banner ? { js: e.banner } : undefined,
      });
      await chmod(e.out, 0o755);
    }),
);

if (!process.argv.includes('--no-web') && existsSync('src/web/vite.config.ts')) {
  // The page ships as React's production build even when this runs under vitest (NODE_ENV=test): tests
  // and benchmarks see what users get (no development checks, no StrictMode double effects).
  process.env.NODE_ENV = 'production';
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: 'src/web/vite.config.ts', logLevel: 'warn' });
}
