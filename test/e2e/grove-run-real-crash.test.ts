// Issue 8's crash proof: `grove run` (the real bin) is SIGKILLed while the real Claude Code, Codex and
// Gemini CLIs are mid-run against the mock model server. The agents run under grove's wrappers in their
// own process groups and live on; while no grove runs they keep working (their output only lands in the
// log files); a second `grove run` re-adopts them from the stored offsets, all three finish and merge,
// and nothing is counted twice or lost: one attempt per task, the usage grove stored per task equals what
// the mock sent on that CLI's protocol, `grove report --json` agrees, and every tool call the mock asked
// for is stored exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stores } from '../../src/infra/db/stores.js';
import { isSameProcess } from '../../src/infra/process/liveness.js';
import { groupAlive } from '../../src/infra/process/supervisor-group.js';
import type { AgentEvent } from '../../src/shared/agent-event.js';
import type { ScenarioInput, Usage } from '../fixtures/model-server/scenario.js';
import type { LoggedRequest } from '../fixtures/model-server/server.js';
import { startModelServer, type ModelServer } from '../fixtures/model-server/server.js';
import type { GroveProject } from '../helpers/grove-project.js';
import type { ScriptProcess } from '../helpers/node-script.js';
import { waitFor } from '../helpers/wait.js';
import {
  commitStep,
  describeRun,
  doneStep,
  holdReplies,
  makeRealProject,
  missingRealClis,
  openState,
  REAL_AGENTS,
  sentTotals,
  startGroveRun,
} from './grove-run-real-agents-fixture.js';

const missing = missingRealClis();
const RUN_MS = 240_000;
const SETTLED = new Set(['merged', 'blocked', 'failed', 'abandoned']);
const idOf = (agent: string): string => `crash-${agent}`;
/** Steps 0-2 are tool calls (write, write, commit); step 3 is the final message. */
const TOOL_STEPS = 3;
const COMMIT_STEP = 2;
const DONE_STEP = 3;

/** Distinct usage per agent and step, so a step counted twice or missed shows in the totals. */
function usageOf(i: number, step: number): Usage {
  return {
    input: 1000 + 100 * i + 10 * step,
    output: 40 + i + 3 * step,
    cacheRead: 200 + step,
    cacheWrite: 10 * i + step,
  };
}

function taskScenario(agent: string, i: number): ScenarioInput {
  const id = idOf(agent);
  return {
    name: id,
    match: `grove-e2e-crash: the ${agent} task`,
    steps: [
      {
        write: `src/${id}/hello.js`,
        content: `exports.hello = () => 'hello from ${agent}';\n`,
        usage: usageOf(i, 0),
      },
      {
        write: `src/${id}/hello.test.js`,
        content: [
          `const test = require('node:test');`,
          `const assert = require('node:assert');`,
          `const { hello } = require('./hello.js');`,
          `test('${agent} says hello', () => assert.strictEqual(hello(), 'hello from ${agent}'));`,
          '',
        ].join('\n'),
        usage: usageOf(i, 1),
      },
      commitStep(`Add ${id}`, usageOf(i, COMMIT_STEP)),
      doneStep(`added src/${id}`, usageOf(i, DONE_STEP)),
    ],
  };
}

/** A task's stored agent events of one kind. */
function eventsOf<K extends AgentEvent['kind']>(
  stores: Stores,
  taskId: string,
  kind: K,
): Extract<AgentEvent, { kind: K }>[] {
  return stores.agentEvents
    .list(taskId)
    .map((e) => e.event)
    .filter((e): e is Extract<AgentEvent, { kind: K }> => e.kind === kind);
}

/** The held requests, one scenario name each (a CLI that retried would show twice). */
function heldScenarios(held: LoggedRequest[]): Set<string | undefined> {
  return new Set(held.map((r) => r.scenario));
}

/** Ends every agent process group grove started that is still running (each wrapper leads its group). */
function killAgents(stores: Stores | undefined): void {
  for (const a of REAL_AGENTS.flatMap((r) => stores?.attempts.listForTask(idOf(r.name)) ?? [])) {
    if (a.pid !== null && groupAlive(a.pid)) {
      try {
        process.kill(-a.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

describe.skipIf(missing.length > 0)('grove run with the real claude, codex and gemini CLIs: crash', () => {
  let server: ModelServer;
  let p: GroveProject | undefined;
  let first: ScriptProcess | undefined;
  let second: ScriptProcess | undefined;
  let stores: Stores | undefined;
  let close: (() => void) | undefined;
  beforeAll(async () => {
    server = await startModelServer({ scenarios: REAL_AGENTS.map((a, i) => taskScenario(a.name, i)) });
  });
  afterAll(async () => {
    for (const run of [first, second]) if (run && run.child.exitCode === null) run.child.kill('SIGKILL');
    killAgents(stores);
    close?.();
    await server?.close();
    p?.cleanup();
  });

  it(
    'SIGKILLed mid-run, the agents live on; a second grove run re-adopts them and counts nothing twice',
    async () => {
      const started = Date.now();
      const ids = REAL_AGENTS.map((a) => idOf(a.name));
      p = makeRealProject({
        server,
        tasks: REAL_AGENTS.map((a) => ({
          id: idOf(a.name),
          agent: a.name,
          body: `grove-e2e-crash: the ${a.name} task. Add src/${idOf(a.name)}/hello.js with a test.`,
        })),
        // Requests are counted exactly: no reflection turn (covered by reflection-real.test.ts).
        configExtra: 'compound:\n  reflect: false\ngates:\n  test: [node, --test]\n',
      });
      // All three wait on their model before committing: demonstrably mid-run when grove dies.
      let hold = holdReplies(server, (r) => ids.includes(r.scenario ?? '') && r.step === COMMIT_STEP);
      first = startGroveRun(p.root);
      const state = await openState(p.root);
      stores = state.stores;
      close = () => state.ctx.close();
      const s = stores;
      let run: ScriptProcess = first;
      const explain = (): string =>
        `${describeRun(run, s)}\nheld: ${hold
          .held()
          .map((r) => `${r.scenario}#${r.step}`)
          .join(', ')}`;

      // Held at the commit step, with what each agent did before it stored by grove: the two writes as
      // tool calls, and Claude's per-message usage (Codex and Gemini report usage only when they end).
      const heldIds = (r: LoggedRequest): boolean => hold.held().includes(r);
      await waitFor(
        () =>
          heldScenarios(hold.held()).size === 3 &&
          ids.every((id) => eventsOf(s, id, 'tool_call').length === COMMIT_STEP) &&
          s.usage.totalsForTask(idOf('claude')).input ===
            server
              .turns('anthropic')
              .filter((r) => !heldIds(r))
              .reduce((sum, r) => sum + (r.usage?.input ?? 0), 0),
        {
          what: 'three agents held at their commit step, their earlier work stored',
          timeoutMs: RUN_MS - 120_000,
          explain: explain,
        },
      );
      const live = s.attempts.listUnfinished();
      expect(live.map((a) => a.task_id).sort(), explain()).toEqual([...ids].sort());
      const firstPid = first.child.pid!;
      expect(s.locks.holder('scheduler')?.pid).toBe(firstPid);

      // SIGKILL grove only: every agent (wrapper and CLI, in its own group) is still alive afterwards.
      first.child.kill('SIGKILL');
      const killed = await first.exited;
      expect(killed.signal).toBe('SIGKILL');
      for (const a of live) {
        expect(isSameProcess(a.pid!, a.process_start!), `${a.task_id} wrapper alive`).toBe(true);
        expect(groupAlive(a.pid!), `${a.task_id} group alive`).toBe(true);
      }
      expect(s.locks.holder('scheduler')).toBeUndefined(); // its holder is dead

      // With no grove running, let the agents commit (their output only lands in the log files) and
      // hold them again at their final message, so they are still running when grove comes back.
      hold.release();
      hold = holdReplies(server, (r) => ids.includes(r.scenario ?? '') && r.step === DONE_STEP);
      await waitFor(() => heldScenarios(hold.held()).size === 3, {
        what: 'three agents committed without grove and held at their final message',
        timeoutMs: 60_000,
        explain: explain,
      });
      for (const id of ids) expect(eventsOf(s, id, 'tool_call'), id).toHaveLength(COMMIT_STEP); // no grove
      for (const a of live) expect(isSameProcess(a.pid!, a.process_start!), a.task_id).toBe(true);

      // A second grove run (the real bin) takes the dead holder's lock and re-adopts the three agents.
      second = startGroveRun(p.root);
      run = second;
      const secondPid = second.child.pid!;
      await waitFor(
        () =>
          s.locks.holder('scheduler')?.pid === secondPid &&
          ids.every((id) => eventsOf(s, id, 'tool_call').length === TOOL_STEPS),
        {
          what: 'the second grove run holds the lock and has read the output written while grove was down',
          timeoutMs: 60_000,
          explain: explain,
        },
      );
      hold.release();
      await waitFor(() => ids.every((id) => SETTLED.has(s.tasks.require(id).state)), {
        what: 'all three merged (or needing a person)',
        timeoutMs: RUN_MS - (Date.now() - started) - 15_000,
        explain: explain,
      });
      const exit = await second.exited;
      expect(exit.code, explain() + exit.stderr).toBe(0);

      for (const a of REAL_AGENTS) {
        const id = idOf(a.name);
        const task = s.tasks.require(id);
        expect(task.state, explain()).toBe('merged');
        // Re-adopted, never restarted: the one attempt the first grove started, completed.
        const attempts = s.attempts.listForTask(id);
        expect(
          attempts.map((x) => [x.id, x.outcome]),
          a.name,
        ).toEqual([[live.find((l) => l.task_id === id)!.id, 'completed']]);
        // The mock saw one session per agent: every step once, in order, none after the final one.
        const steps = server
          .turns(a.protocol)
          .filter((r) => r.scenario === id && r.status === 200)
          .map((r) => r.step);
        expect(steps, a.name).toEqual([0, 1, 2, 3]);
        // Usage: exactly what the mock sent on that CLI's protocol (nothing twice, nothing lost).
        expect({ ...s.usage.totalsForTask(id), costUsd: 0, unpriced: undefined }, a.name).toEqual({
          ...sentTotals(server, a.protocol),
          costUsd: 0,
        });
        // Events: one tool call per tool step the mock asked for, each id once, each with one result.
        const calls = eventsOf(s, id, 'tool_call');
        expect(calls, a.name).toHaveLength(TOOL_STEPS);
        expect(new Set(calls.map((c) => c.id)).size, a.name).toBe(TOOL_STEPS);
        const results = eventsOf(s, id, 'tool_result');
        expect(results.map((r) => r.id).sort(), a.name).toEqual(calls.map((c) => c.id).sort());
        expect(eventsOf(s, id, 'finished'), a.name).toHaveLength(1);
        const messageIds = eventsOf(s, id, 'usage')
          .map((u) => u.messageId)
          .filter((m) => m !== undefined);
        expect(new Set(messageIds).size, a.name).toBe(messageIds.length);
        expect(s.gates.listForTask(id).map((g) => [g.gate, g.ok])).toContainEqual(['test', true]);
        expect(p.git('show', `main:src/${id}/hello.js`)).toContain(`hello from ${a.name}`);
      }

      // The report's totals: the sum of what the mock sent.
      const report = p.grove('report', '--json');
      expect(report.code, report.stderr).toBe(0);
      const figures = JSON.parse(report.stdout) as { totals: { tokens: Record<string, number> } };
      const sent = REAL_AGENTS.map((a) => sentTotals(server, a.protocol));
      const sum = (k: 'input' | 'output' | 'cacheRead' | 'cacheWrite' | 'total'): number =>
        sent.reduce((t, u) => t + u[k], 0);
      expect(figures.totals.tokens).toEqual({
        input: sum('input'),
        output: sum('output'),
        cacheRead: sum('cacheRead'),
        cacheWrite: sum('cacheWrite'),
        total: sum('total'),
      });

      // Nothing left behind: the lock is free (its row gone, not just its holder dead), the first run's
      // lock was taken over once, and no agent process group survives.
      const lockRows = state.ctx.db.prepare('SELECT name, pid FROM locks').all() as Array<{ pid: number }>;
      expect(lockRows.filter((r) => r.pid === firstPid || r.pid === secondPid)).toEqual([]);
      expect(s.journal.query({ types: ['lock'] })).toHaveLength(1);
      for (const a of live) expect(groupAlive(a.pid!), `${a.task_id} group gone`).toBe(false);

      console.log(`[grove-run-real-crash] SIGKILL mid-run → restart → 3 merged: ${Date.now() - started} ms`);
    },
    RUN_MS,
  );
});

if (missing.length > 0) console.warn(`[grove-run-real-crash] skipped: ${missing.join('; ')}`);
