// Bundles the CLI and the scripted agent with esbuild, and the dashboard with Vite.
// Usage: node scripts/build.mjs [--no-web]
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { chmod } from 'node:fs/promises';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
};

const entries = [
  { in: 'src/cli/main.ts', out: 'dist/cli.js' },
  { in: 'src/infra/agents/scripted/main.ts', out: 'dist/scripted-agent.js', banner: '#!/usr/bin/env node' },
  { in: 'src/infra/process/attempt-wrapper.ts', out: 'dist/attempt-wrapper.js' },
];

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
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: 'src/web/vite.config.ts', logLevel: 'warn' });
}
