// Bundles the CLI and the scripted agent with esbuild, and the dashboard with Vite.
// Usage: node scripts/build.mjs [--no-web]
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sandboxRuntimeFastStart } from './sandbox-runtime-plugin.mjs';

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

// The pure-JS packages every command loads are bundled into the CLI's chunks: node then compiles a few
// files instead of resolving, reading and compiling hundreds (zod alone is over a hundred modules), which
// is most of a command's start. Native (better-sqlite3) and dashboard-only (hono) packages stay outside.
const INLINE = ['zod', 'yaml', 'commander', 'picomatch'];
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
  .filter((name) => !INLINE.includes(name))
  .flatMap((name) => [name, `${name}/*`]);
// zod's index re-exports every locale (`z.locales`, ~60 modules); grove speaks English only (zod's
// default, which its schemas import directly), so the bundle's `locales` holds just `en`.
const zodEn = join(dirname(createRequire(import.meta.url).resolve('zod')), 'v4/locales/en.js');
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'zod-en' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-en' }, () => ({
      contents: `export { default as en } from ${JSON.stringify(zodEn)};`,
      resolveDir: dirname(zodEn),
    }));
  },
};
// The bundled CommonJS packages (yaml, picomatch, commander) call require() for node's modules.
const requireShim =
  "import { createRequire as __groveCreateRequire } from 'node:module';\nconst require = __groveCreateRequire(import.meta.url);";
const entries = [
  { in: 'src/infra/agents/scripted/main.ts', out: 'dist/scripted-agent.js', banner: '#!/usr/bin/env node' },
  { in: 'src/infra/agents/copilot/runner.ts', out: 'dist/copilot-runner.js' },
];

await rm('dist/chunks', { recursive: true, force: true });
await rm('dist/wrapper-chunks', { recursive: true, force: true });
await build({
  ...common,
  packages: undefined,
  external,
  plugins: [zodEnglishOnly],
  banner: { js: requireShim },
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

// The attempt wrapper starts once per attempt, so it is bundled whole: its packages (zod) included, and
// sandbox-runtime with its own dependencies, in a chunk of dist/wrapper-chunks/ that only a sandboxed
// attempt loads. Node then compiles two files instead of resolving and reading a few hundred modules,
// most of what a sandbox cost at start. (The runtime finds its seccomp helper and Java agent next to its
// own files; bundled it is told where they are: src/infra/sandbox/layer.ts. What else changes in it:
// scripts/sandbox-runtime-plugin.mjs.)
await build({
  ...common,
  packages: undefined,
  external: ['@microsoft/mxc-sdk'], // sandbox-runtime's optional Windows backend
  plugins: [zodEnglishOnly, sandboxRuntimeFastStart],
  banner: { js: requireShim },
  entryPoints: { 'attempt-wrapper': 'src/infra/process/attempt-wrapper.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'wrapper-chunks/[name]-[hash]',
});
await chmod('dist/attempt-wrapper.js', 0o755);

if (!process.argv.includes('--no-web') && existsSync('src/web/vite.config.ts')) {
  // The page ships as React's production build even when this runs under vitest (NODE_ENV=test): tests
  // and benchmarks see what users get (no development checks, no StrictMode double effects).
  process.env.NODE_ENV = 'production';
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: 'src/web/vite.config.ts', logLevel: 'warn' });
}
