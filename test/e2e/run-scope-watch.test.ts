import { afterEach, describe, expect, it } from 'vitest';
import { collectStatus } from '../../src/app/workspace/status.js';
import { formatStatusTable } from '../../src/cli/commands/status.js';
import { openStores } from '../../src/infra/db/stores.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { waitFor } from '../helpers/wait.js';
import { project, startLoop } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

// Edits a file it does not own (through a tool call), leaves another uncommitted, then keeps working.
const STRAY = [
  'steps:',
  "  - write: { path: README.md, content: 'rewritten by the agent\\n' }",
  "  - run: [node, -e, \"require('fs').writeFileSync('notes.txt', 'x')\"]",
  "  - write: { path: src/t/index.js, content: 'export const t = 1;\\n' }",
  '  - sleep: 8000',
  "  - result: { summary: 'done' }",
  '',
].join('\n');

describe('grove run: the ownership watch', () => {
  it('records files touched outside owns while the agent runs, and grove status shows them', async () => {
    p = project({ t: STRAY }, 'gates:\n  test: [node, -e, "process.exit(0)"]\n');
    const { ctx, loop } = await startLoop(p.root);
    try {
      const stores = openStores(ctx.db);
      const recorded = (): string[] =>
        stores.journal.forTask('t', ['scope']).flatMap((r) => (r.data as { paths: string[] }).paths);
      await waitFor(() => recorded().includes('notes.txt'), {
        what: 'both stray files recorded',
        timeoutMs: 20_000,
      });
      expect(ctx.store.require('t').state).toBe('running');
      expect(recorded().sort()).toEqual(['README.md', 'notes.txt']); // each once; src/t/index.js is owned
      const [row] = await collectStatus(ctx, ['t']);
      expect(row?.scopeViolations.sort()).toEqual(['README.md', 'notes.txt']);
      expect(formatStatusTable([row!], ctx.now())).toContain(
        't: touched outside its owns: README.md, notes.txt',
      );
    } finally {
      await loop.stop({ stopAgents: true });
      ctx.close();
    }
  });
});
