// One suite, run per real CLI (real-agents-{claude,codex,gemini}.test.ts): the CLI, launched through its
// adapter's buildLaunch in a temp git repo against the mock model server, writes a file through its own
// tool; the parsed events show that tool call with the file and the usage the mock sent; resuming the
// session sends the earlier history and edits the file.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/shared/agent-event.js';
import { AgentDefinitionSchema } from '../../src/shared/config.js';
import type { AgentAdapter, LaunchInput } from '../../src/infra/agents/adapter.js';
import { loadScenarios, type Usage } from '../fixtures/model-server/scenario.js';
import { startModelServer, type ModelServer, type Protocol } from '../fixtures/model-server/server.js';
import { agentCli, runLaunch, type AgentCliName, type LaunchRun } from '../helpers/agent-clis.js';
import { makeTempRepo, type TempRepo } from '../helpers/git-repo.js';

const SCENARIOS = join(import.meta.dirname, '../fixtures/model-server/scenarios');
const RUN_TIMEOUT = 60_000;

export interface RealAgentCase {
  cli: AgentCliName;
  adapter: AgentAdapter;
  protocol: Protocol;
  /** The agent definition's env that points the CLI at the mock. */
  env(serverUrl: string): Record<string, string>;
}

/** Usage as the state store counts it: one per messageId. */
export function totalUsage(events: AgentEvent[]): Usage {
  const seen = new Set<string>();
  const sum: Usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  for (const e of events) {
    if (e.kind !== 'usage') continue;
    if (e.messageId !== undefined) {
      if (seen.has(e.messageId)) continue;
      seen.add(e.messageId);
    }
    sum.input += e.input;
    sum.output += e.output;
    sum.cacheRead += e.cacheRead;
    sum.cacheWrite += e.cacheWrite;
  }
  return sum;
}

export function defineRealAgentSuite(c: RealAgentCase): void {
  const cli = agentCli(c.cli);
  if (cli.bin === undefined) {
    describe(`real ${c.cli} (${cli.package}@${cli.version})`, () => {
      it.skip(`skipped: ${cli.missing}`, () => undefined);
    });
    console.warn(`[real-agents] ${c.cli} skipped: ${cli.missing}`);
    return;
  }
  const bin = cli.bin;

  describe(`real ${c.cli} (${cli.package}@${cli.version}) against the mock model server`, () => {
    let server: ModelServer;
    let repo: TempRepo;
    let home: string;

    beforeAll(async () => {
      server = await startModelServer({ scenarios: loadScenarios(SCENARIOS) });
      repo = makeTempRepo();
      home = mkdtempSync(join(tmpdir(), `grove-${c.cli}-home-`));
    });
    afterAll(async () => {
      await server?.close();
      repo?.cleanup();
      if (home) rmSync(home, { recursive: true, force: true });
    });

    async function attempt(
      prompt: string,
      resumeSessionId?: string,
    ): Promise<{ run: LaunchRun; events: AgentEvent[]; afterSeq: number }> {
      const agent = AgentDefinitionSchema.parse({ adapter: c.cli, bin, env: c.env(server.url) });
      const input: LaunchInput = {
        agent,
        agentName: c.cli,
        prompt,
        worktree: repo.root,
        repoRoot: repo.root,
        newSessionId: randomUUID(),
        groveEnv: { GROVE_TASK_ID: 'greeting', GROVE_WORKTREE: repo.root, GROVE_REPO_ROOT: repo.root },
        homeDir: home,
        ...(resumeSessionId !== undefined ? { resumeSessionId } : {}),
      };
      await c.adapter.prepareHome?.(input);
      const launch = c.adapter.buildLaunch(input);
      // The prompt is one argument (Gemini's is `--prompt=<text>`), never through a shell.
      expect(launch.args.filter((a) => a === prompt || a === `--prompt=${prompt}`)).toHaveLength(1);
      const afterSeq = server.requests.length;
      const run = await runLaunch(launch, repo.root, RUN_TIMEOUT);
      const parse = c.adapter.createParser({ homeDir: home });
      const events = run.lines.flatMap((l) => parse(l));
      console.log(`[real-agents] ${c.cli} ${resumeSessionId ? 'resume' : 'first run'}: ${run.ms} ms`);
      return { run, events, afterSeq };
    }

    function explain(run: LaunchRun): string {
      return `exit ${run.code} ${run.signal ?? ''}\nstdout:\n${run.lines.join('\n').slice(-3000)}\nstderr:\n${run.stderr.slice(-3000)}`;
    }

    it(
      'writes a file through its own tool, reports the mock usage, and resumes with the earlier history',
      async () => {
        const file = join(repo.root, 'greeting.txt');
        const first = await attempt('grove-e2e: create the greeting');
        expect(first.run.code, explain(first.run)).toBe(0);
        expect(readFileSync(file, 'utf8')).toBe('hello from the mock model\n');

        const call = first.events.find((e) => e.kind === 'tool_call' && e.files.includes(file));
        expect(call, explain(first.run)).toBeDefined();
        expect(first.events).toContainEqual(
          expect.objectContaining({
            kind: 'tool_result',
            id: call?.kind === 'tool_call' ? call.id : '',
            ok: true,
          }),
        );
        expect(totalUsage(first.events)).toEqual(server.usageSent(c.protocol, first.afterSeq));
        expect(
          server
            .turns(c.protocol)
            .filter((r) => r.seq > first.afterSeq)
            .map((r) => r.step),
        ).toEqual([0, 1]);
        const finished = first.events.find((e) => e.kind === 'finished');
        expect(finished).toMatchObject({ kind: 'finished', ok: true });
        expect(finished?.kind === 'finished' ? finished.result : '').toContain('"status": "completed"');
        const session = first.events.find((e) => e.kind === 'session');
        expect(session).toBeDefined();
        const sessionId = session?.kind === 'session' ? session.sessionId : '';
        expect(
          c.adapter.classifyExit({
            code: first.run.code,
            signal: first.run.signal,
            sawFinished: true,
            finishedOk: true,
            lastError: undefined,
          }),
        ).toEqual({ kind: 'completed' });
        expect(c.adapter.attachCommand(sessionId, AgentDefinitionSchema.parse({ adapter: c.cli }))).toContain(
          sessionId,
        );

        const second = await attempt('grove-e2e: update the greeting', sessionId);
        expect(second.run.code, explain(second.run)).toBe(0);
        expect(readFileSync(file, 'utf8')).toBe('hello again from the mock model\n');
        const resumed = second.events.find((e) => e.kind === 'session');
        expect(resumed).toMatchObject({ sessionId });
        expect(second.events.some((e) => e.kind === 'tool_call' && e.files.includes(file))).toBe(true);
        expect(totalUsage(second.events)).toEqual(server.usageSent(c.protocol, second.afterSeq));
        // The resumed session's first request carries the first run's prompt and final answer.
        const firstResumedTurn = server.turns(c.protocol).find((r) => r.seq > second.afterSeq);
        const history = JSON.stringify(firstResumedTurn?.body);
        expect(history).toContain('grove-e2e: create the greeting');
        expect(history).toContain('Created greeting.txt.');
        expect(firstResumedTurn?.scenario).toBe('update-greeting');
      },
      3 * RUN_TIMEOUT,
    );
  });
}
