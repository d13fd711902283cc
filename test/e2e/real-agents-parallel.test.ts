// The three real CLIs at once, each in its own repo, against ONE mock model server: every one edits its
// file through its own tool and reports exactly the usage the server sent on its protocol.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeAdapter } from '../../src/infra/agents/claude/adapter.js';
import { codexAdapter } from '../../src/infra/agents/codex/adapter.js';
import { geminiAdapter } from '../../src/infra/agents/gemini/adapter.js';
import type { AgentAdapter } from '../../src/infra/agents/adapter.js';
import { AgentDefinitionSchema } from '../../src/shared/config.js';
import { loadScenarios } from '../fixtures/model-server/scenario.js';
import { startModelServer, type ModelServer, type Protocol } from '../fixtures/model-server/server.js';
import { agentCli, runLaunch, type AgentCliName } from '../helpers/agent-clis.js';
import { makeTempRepo, type TempRepo } from '../helpers/git-repo.js';
import { totalUsage } from './real-agents-suite.js';

const CASES: {
  cli: AgentCliName;
  adapter: AgentAdapter;
  protocol: Protocol;
  env: (url: string) => Record<string, string>;
}[] = [
  {
    cli: 'claude',
    adapter: claudeAdapter,
    protocol: 'anthropic',
    env: (url) => ({ ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: 'k' }),
  },
  {
    cli: 'codex',
    adapter: codexAdapter,
    protocol: 'openai',
    env: (url) => ({ OPENAI_BASE_URL: `${url}/v1` }),
  },
  {
    cli: 'gemini',
    adapter: geminiAdapter,
    protocol: 'gemini',
    env: (url) => ({ GOOGLE_GEMINI_BASE_URL: url, GEMINI_API_KEY: 'k' }),
  },
];
const missing = CASES.map((c) => agentCli(c.cli).missing).filter((m) => m !== undefined);

describe.skipIf(missing.length > 0)('three real CLIs in parallel against one mock model server', () => {
  let server: ModelServer;
  const repos: TempRepo[] = [];
  const homes: string[] = [];
  beforeAll(async () => {
    server = await startModelServer({
      scenarios: loadScenarios(join(import.meta.dirname, '../fixtures/model-server/scenarios')),
    });
  });
  afterAll(async () => {
    await server?.close();
    repos.forEach((r) => r.cleanup());
    homes.forEach((h) => rmSync(h, { recursive: true, force: true }));
  });

  it('each edits its own repo and reports the usage sent on its protocol', async () => {
    const started = Date.now();
    const runs = await Promise.all(
      CASES.map(async (c) => {
        const repo = makeTempRepo();
        const home = mkdtempSync(join(tmpdir(), `grove-par-${c.cli}-`));
        repos.push(repo);
        homes.push(home);
        const input = {
          agent: AgentDefinitionSchema.parse({
            adapter: c.cli,
            bin: agentCli(c.cli).bin,
            env: c.env(server.url),
          }),
          agentName: c.cli,
          prompt: 'grove-e2e: create the greeting',
          worktree: repo.root,
          repoRoot: repo.root,
          newSessionId: randomUUID(),
          groveEnv: { GROVE_TASK_ID: c.cli },
          homeDir: home,
        };
        await c.adapter.prepareHome?.(input);
        const run = await runLaunch(c.adapter.buildLaunch(input), repo.root, 90_000);
        const parse = c.adapter.createParser({ homeDir: home });
        return { c, repo, run, events: run.lines.flatMap((l) => parse(l)) };
      }),
    );
    console.log(`[real-agents] claude + codex + gemini in parallel: ${Date.now() - started} ms`);
    for (const { c, repo, run, events } of runs) {
      const file = join(repo.root, 'greeting.txt');
      expect(run.code, `${c.cli}: ${run.stderr.slice(-2000)}`).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe('hello from the mock model\n');
      expect(events.some((e) => e.kind === 'tool_call' && e.files.includes(file))).toBe(true);
      expect(totalUsage(events)).toEqual(server.usageSent(c.protocol));
    }
  }, 120_000);
});

if (missing.length > 0) console.warn(`[real-agents] parallel run skipped: ${missing.join('; ')}`);
