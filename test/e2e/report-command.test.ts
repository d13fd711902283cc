import { afterEach, describe, expect, it } from 'vitest';
import type { GroveProject } from '../helpers/grove-project.js';
import { project, startLoop, writeScript } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

describe('grove report', () => {
  it('reports the tokens the scripted agents used, from stored events, as Markdown and JSON', async () => {
    p = project(
      { a: writeScript('a', 1234), b: writeScript('b', 4321) },
      'gates:\n  test: [node, -e, "0"]\n',
    );
    const { ctx, loop } = await startLoop(p.root);
    try {
      expect((await loop.whenDone()).merged.sort()).toEqual(['a', 'b']);
    } finally {
      await loop.stop();
      ctx.close();
    }
    const json = p.grove('report', '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { tasks: Array<{ id: string; tokens: { input: number } }> };
    expect(Object.fromEntries(report.tasks.map((t) => [t.id, t.tokens.input]))).toEqual({ a: 1234, b: 4321 });
    const md = p.grove('report', 'a');
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('a');
    expect(md.stdout).not.toMatch(/\bb\b.*4[,.]?321/);
  });
});
