// Issue 8's main proof: `grove run` drives the three REAL agent CLIs (Claude Code, Codex, Gemini CLI) in
// parallel worktrees against one local mock model server; each edits its file through its own tool,
// grove stores the tool calls and the exact usage the mock sent, gates run and the queue merges all three.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStores } from '../../src/infra/db/stores.js';
import type { ModelServer, Protocol } from '../fixtures/model-server/server.js';
import { startModelServer } from '../fixtures/model-server/server.js';
import type { AgentCliName } from '../helpers/agent-clis.js';
import { agentCli } from '../helpers/agent-clis.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';
import { defaultPorts } from '../../src/app/run/ports.js';
import { startLoop } from './run-helpers.js';

const CLIS: Array<{ cli: AgentCliName; protocol: Protocol; env: (url: string) => Record<string, string> }> = [
  {
    cli: 'claude',
    protocol: 'anthropic',
    env: (url) => ({ ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: 'k' }),
  },
  { cli: 'codex', protocol: 'openai', env: (url) => ({ OPENAI_BASE_URL: `${url}/v1` }) },
  { cli: 'gemini', protocol: 'gemini', env: (url) => ({ GOOGLE_GEMINI_BASE_URL: url, GEMINI_API_KEY: 'k' }) },
];
const missing = CLIS.map((c) => agentCli(c.cli).missing).filter((m) => m !== undefined);

describe.skipIf(missing.length > 0)('grove run with the real agent CLIs', () => {
  let server: ModelServer;
  let p: GroveProject | undefined;
  beforeAll(async () => {
    server = await startModelServer({
      scenarios: CLIS.map((c) => ({
        name: c.cli,
        match: `grove-run-e2e: write ${c.cli}.txt`,
        steps: [
          {
            write: `${c.cli}.txt`,
            content: `written by ${c.cli}\n`,
            usage: { input: 1100, output: 70, cacheRead: 200, cacheWrite: 30 },
          },
          {
            text: 'Done.\n\n```json\n{"status": "completed", "summary": "wrote the file", "learnings": []}\n```\n',
            usage: { input: 1300, output: 90, cacheRead: 250, cacheWrite: 0 },
          },
        ],
      })),
    });
  });
  afterAll(async () => {
    await server?.close();
    p?.cleanup();
  });

  it('spawns all three in parallel, stores their tool calls and usage, gates them, and merges all three', async () => {
    const agents = CLIS.map(
      (c) =>
        `  ${c.cli}:\n    adapter: ${c.cli}\n    bin: ${agentCli(c.cli).bin}\n    env:\n${Object.entries(
          c.env(server.url),
        )
          .map(([k, v]) => `      ${k}: "${v}"\n`)
          .join('')}`,
    ).join('');
    const files: Record<string, string> = {};
    for (const c of CLIS) {
      files[`.grove/tasks/${c.cli}-task.md`] =
        `---\nid: ${c.cli}-task\ntitle: File from ${c.cli}\nowns: ["${c.cli}.txt"]\nagent: ${c.cli}\n---\ngrove-run-e2e: write ${c.cli}.txt\n`;
    }
    p = makeGroveProject({ config: `wip: 3\ngates:\n  test: [node, -e, "0"]\nagents:\n${agents}`, files });
    const started = Date.now();
    const { ctx, loop } = await startLoop(p.root, defaultPorts); // the real verifier and merge queue
    try {
      const done = await loop.whenDone();
      expect(done.merged.sort()).toEqual(['claude-task', 'codex-task', 'gemini-task']);
      const stores = openStores(ctx.db);
      // All three ran at the same time.
      const windows = CLIS.map((c) => stores.attempts.listForTask(`${c.cli}-task`)[0]!);
      expect(Math.max(...windows.map((a) => a.started_at))).toBeLessThan(
        Math.min(...windows.map((a) => a.ended_at!)),
      );
      for (const c of CLIS) {
        const id = `${c.cli}-task`;
        const files = stores.agentEvents.filesTouched(id);
        expect(
          files.some((f) => f.endsWith(`${c.cli}.txt`)),
          `${id} tool call with its file`,
        ).toBe(true);
        const used = stores.usage.totalsForTask(id);
        const sent = server.usageSent(c.protocol);
        expect(
          { input: used.input, output: used.output, cacheRead: used.cacheRead, cacheWrite: used.cacheWrite },
          id,
        ).toEqual(sent);
        expect(
          stores.gates
            .listForTask(id)
            .filter((g) => g.gate === 'test')
            .map((g) => g.ok),
        ).toContain(true);
      }
      expect(p.git('log', '--format=%s', 'main')).toMatch(/claude-task: File from claude/);
      expect(p.git('ls-tree', '--name-only', 'main').split('\n')).toEqual(
        expect.arrayContaining(['claude.txt', 'codex.txt', 'gemini.txt']),
      );
      process.stdout.write(`[grove-run-real-agents] ${Date.now() - started} ms\n`);
    } finally {
      await loop.stop();
      ctx.close();
    }
  }, 120_000);
});
