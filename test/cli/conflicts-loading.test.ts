// `grove conflicts` runs again and again (issue 22: under 300 ms); most of a command's start was
// compiling zod, yaml and the spec validators. Its module graph, as esbuild bundles it, imports none
// of them at load: they come in only through the rare paths' dynamic imports (a config that changed,
// a best-of task file, a lost grove.db).
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** Every module reached from `entry` through static imports (dynamic imports not followed). */
async function staticClosure(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    packages: 'external',
    logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  const seen = new Set<string>([entry]);
  const todo = [entry];
  const reached: string[] = [];
  while (todo.length > 0) {
    const file = todo.pop()!;
    for (const i of inputs[file]?.imports ?? []) {
      if (i.kind === 'dynamic-import' || seen.has(i.path)) continue;
      seen.add(i.path);
      reached.push(i.path);
      if (!i.external) todo.push(i.path);
    }
  }
  return reached;
}

describe('grove conflicts loads only what its common path runs', () => {
  it('no zod, no yaml, no spec validators, no full store set', async () => {
    const modules = await staticClosure('src/cli/commands/conflicts.ts');
    expect(modules).toContain('src/app/conflicts/predict.ts');
    const unwanted = modules.filter((m) =>
      /^(zod|yaml|picomatch)(\/|$)|src\/infra\/spec\/(load\.ts|validate-)|src\/infra\/db\/stores\.ts/.test(m),
    );
    expect(unwanted).toEqual([]);
  });
});
