// Issue 24: budgets count what the model served, also when a stream drops. The real CLIs against the
// mock model server (test/fixtures/model-server), whose scenario step `drop: n` cuts the first n
// replies off mid-stream.
// - Codex (no stream retries against a configured endpoint): the run fails on the dropped reply after
//   the model served a first one; the fix attempt resumes the thread, whose usage Codex reports since
//   the thread began. grove counted nothing for the failed run and then subtracted the thread total
//   before the next one, so the served tokens of the failed run were lost.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptFiles } from '../../src/app/attempts/files.js';
import { defaultPorts } from '../../src/app/run/ports.js';
import { openStores } from '../../src/infra/db/stores.js';
import type { ModelServer } from '../fixtures/model-server/server.js';
import { startModelServer } from '../fixtures/model-server/server.js';
import { agentCli } from '../helpers/agent-clis.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';
import { startLoop } from './run-helpers.js';

const codex = agentCli('codex');
const DONE = 'Done.\n\n```json\n{"status": "completed", "summary": "wrote it", "learnings": []}\n```\n';

describe.skipIf(codex.missing !== undefined)('Codex: a run that fails mid-stream', () => {
  let server: ModelServer;
  let p: GroveProject | undefined;
  beforeAll(async () => {
    server = await startModelServer({
      scenarios: [
        {
          name: 'dropped',
          match: 'grove-drop-e2e: write part.txt',
          steps: [
            {
              write: 'part.txt',
              content: 'part\n',
              usage: { input: 1500, output: 18, cacheRead: 300, cacheWrite: 0 },
            },
            { text: DONE, drop: 1, usage: { input: 200, output: 3, cacheRead: 100, cacheWrite: 0 } },
          ],
        },
      ],
    });
  });
  afterAll(async () => {
    await server?.close();
    p?.cleanup();
  });

  it('counts the tokens the model served before the drop, in the attempt that used them', async () => {
    const config = [
      'gates:',
      '  test: [node, -e, "0"]',
      'agents:',
      '  codex:',
      '    adapter: codex',
      `    bin: ${codex.bin}`,
      '    env:',
      `      OPENAI_BASE_URL: "${server.url}/v1"`,
      '',
    ].join('\n');
    p = makeGroveProject({
      config,
      files: {
        '.grove/tasks/part.md':
          '---\nid: part\ntitle: Part\nowns: ["part.txt"]\nagent: codex\n---\ngrove-drop-e2e: write part.txt\n',
      },
    });
    const { ctx, loop } = await startLoop(p.root, defaultPorts);
    try {
      const done = await loop.whenDone();
      const stores = openStores(ctx.db);
      const attempts = stores.attempts.listForTask('part');
      const turns = server.turns('openai');
      console.log(
        `[budget-dropped-stream] codex: ${JSON.stringify(attempts.map((a) => [a.kind, a.outcome]))}; ` +
          `requests ${JSON.stringify(turns.map((r) => [r.seq, r.step, r.status]))}; ` +
          `served ${JSON.stringify(server.usageSent('openai'))}; stored ${JSON.stringify(attempts.map((a) => stores.usage.totalsForAttempt(a.id).total))}`,
      );
      expect(done.merged).toEqual(['part']);
      expect(turns.filter((r) => r.dropped)).toHaveLength(1);
      expect(attempts.map((a) => a.outcome)).toEqual(['failed', 'completed']);
      // Everything the model served, each token once: in the failed attempt, what it got before the drop.
      const served = server.usageSent('openai');
      const total = stores.usage.totalsForTask('part');
      expect([total.input, total.output, total.cacheRead, total.cacheWrite]).toEqual([
        served.input,
        served.output,
        served.cacheRead,
        served.cacheWrite,
      ]);
      const firstRun =
        server.usageSent('openai', 0).input -
        server.usageSent('openai', turns.find((r) => r.dropped)!.seq).input;
      expect(stores.usage.totalsForAttempt(attempts[0]!.id).input).toBe(firstRun);
    } finally {
      await loop.stop();
      ctx.close();
    }
  }, 180_000);
});

// - Claude Code, its stream cut right after message_start: grove counted that start's usage as it
//   streamed, while Claude's own totals and cost leave the cut-off reply out: tokens and cost disagreed
//   (3,031 tokens against Claude's 2,030 and its $0.01075). Now a reply counts from its first content.
const claude = agentCli('claude');

/** The usage and cost Claude reported for its run (its `result` line). */
function claudeResult(stdoutFile: string): {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  costUsd: number;
} {
  const line = readFileSync(stdoutFile, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{"type":"result"'))
    .map((l) => JSON.parse(l) as { usage: Record<string, number>; total_cost_usd: number })
    .at(-1);
  if (!line) throw new Error(`no result line in ${stdoutFile}`);
  return {
    input: line.usage['input_tokens'] ?? 0,
    output: line.usage['output_tokens'] ?? 0,
    cacheRead: line.usage['cache_read_input_tokens'] ?? 0,
    cacheWrite: line.usage['cache_creation_input_tokens'] ?? 0,
    costUsd: line.total_cost_usd,
  };
}

describe.skipIf(claude.missing !== undefined)('Claude: a dropped stream retried', () => {
  let server: ModelServer;
  let p: GroveProject | undefined;
  beforeAll(async () => {
    server = await startModelServer({
      scenarios: [
        {
          name: 'retried',
          match: 'grove-drop-e2e: claude writes part.txt',
          steps: [
            {
              write: 'part.txt',
              content: 'part\n',
              usage: { input: 2000, output: 30, cacheRead: 0, cacheWrite: 0 },
            },
            { text: DONE, drop: 1, usage: { input: 1000, output: 5, cacheRead: 0, cacheWrite: 0 } },
          ],
        },
      ],
    });
  });
  afterAll(async () => {
    await server?.close();
    p?.cleanup();
  });

  it("counts the tokens and cost Claude reports, not the aborted stream's", async () => {
    // This test counts each model request and each attempt's tokens exactly; the agent's reflection
    // turn (compound.reflect, covered by reflection-real.test.ts) would add one of each.
    const config = [
      'compound:',
      '  reflect: false',
      'gates:',
      '  test: [node, -e, "0"]',
      'agents:',
      '  claude:',
      '    adapter: claude',
      `    bin: ${claude.bin}`,
      '    env:',
      `      ANTHROPIC_BASE_URL: "${server.url}"`,
      '      ANTHROPIC_API_KEY: "x"',
      '',
    ].join('\n');
    p = makeGroveProject({
      config,
      files: {
        '.grove/tasks/part.md':
          '---\nid: part\ntitle: Part\nowns: ["part.txt"]\nagent: claude\n---\ngrove-drop-e2e: claude writes part.txt\n',
      },
    });
    const { ctx, loop } = await startLoop(p.root, defaultPorts);
    try {
      const done = await loop.whenDone();
      const stores = openStores(ctx.db);
      const attempts = stores.attempts.listForTask('part');
      const turns = server.turns('anthropic');
      const figures = attempts.map((a) => {
        const claudeSaid = claudeResult(attemptFiles(a.log_dir, a.n).stdout);
        const stored = stores.usage.totalsForAttempt(a.id);
        return {
          grove: {
            input: stored.input,
            output: stored.output,
            cacheRead: stored.cacheRead,
            cacheWrite: stored.cacheWrite,
            costUsd: stored.costUsd,
          },
          claude: claudeSaid,
        };
      });
      console.log(
        `[budget-dropped-stream] claude: requests ${JSON.stringify(turns.map((r) => [r.seq, r.step, r.status]))}; ` +
          `per attempt ${JSON.stringify(figures)}`,
      );
      expect(done.merged).toEqual(['part']);
      expect(turns.filter((r) => r.dropped)).toHaveLength(1);
      // The run whose stream dropped ended in an API error; the fix attempt finished the work.
      expect(attempts.map((a) => a.outcome)).toEqual(['failed', 'completed']);
      // Each attempt: grove's tokens and cost are Claude's own (the cut-off reply is in neither).
      for (const f of figures) {
        expect({ ...f.grove, costUsd: undefined }).toEqual({ ...f.claude, costUsd: undefined });
        expect(f.grove.costUsd).toBeCloseTo(f.claude.costUsd, 9);
      }
      expect(figures[0]!.claude.input).toBe(2000); // the first reply only
    } finally {
      await loop.stop();
      ctx.close();
    }
  }, 180_000);
});
