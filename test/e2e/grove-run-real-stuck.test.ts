// Issue 8's stuck proof: with the real Codex CLI against the mock model server, a fix that never works
// (the same wrong code, the same `node --test` failure) makes grove mark the task stuck after 3 identical
// gate failures and reassign it to a FRESH Codex session, whose first request carries only the reassign
// prompt (no earlier history); that session writes the right code and the task merges.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stores } from '../../src/infra/db/stores.js';
import type { ScenarioInput } from '../fixtures/model-server/scenario.js';
import type { LoggedRequest } from '../fixtures/model-server/server.js';
import { startModelServer, type ModelServer } from '../fixtures/model-server/server.js';
import type { GroveProject } from '../helpers/grove-project.js';
import type { ScriptProcess } from '../helpers/node-script.js';
import { waitFor } from '../helpers/wait.js';
import {
  commitStep,
  describeRun,
  doneStep,
  makeRealProject,
  missingRealClis,
  openState,
  sentTotals,
  startGroveRun,
} from './grove-run-real-agents-fixture.js';

const missing = missingRealClis(['codex']);
const RUN_MS = 240_000;
const TASK = 'stuck-task';
const SETTLED = new Set(['merged', 'blocked', 'failed', 'abandoned']);
const MARK = 'grove-e2e-stuck: the adder task';
const FIX_MARK = 'The `test` check failed';
const FRESH_MARK = 'Notes from an earlier attempt';
const WRONG = 'exports.add = (a, b) => a - b;\n';
const RIGHT = 'exports.add = (a, b) => a + b;\n';
const TEST = [
  `const test = require('node:test');`,
  `const assert = require('node:assert');`,
  `const { add } = require('./add.js');`,
  `test('adds two numbers', () => assert.strictEqual(add(2, 3), 5));`,
  '',
].join('\n');

/**
 * Listed first, the fresh session's scenario wins the reassign prompt (which also holds the task text);
 * the fix scenario matches the fix prompts only (they do not repeat the task); the task scenario the
 * first prompt. The fix writes the same wrong code again, so the gate fails the same way every time.
 */
const SCENARIOS: ScenarioInput[] = [
  {
    name: 'fresh',
    match: FRESH_MARK,
    usage: { input: 1500, output: 60, cacheRead: 300, cacheWrite: 0 },
    steps: [
      { write: `src/${TASK}/add.js`, content: RIGHT },
      commitStep('Add numbers, not subtract'),
      doneStep('fixed add.js: it added nothing, it subtracted'),
    ],
  },
  {
    name: 'fix',
    match: FIX_MARK,
    usage: { input: 1200, output: 30, cacheRead: 400, cacheWrite: 0 },
    steps: [
      { write: `src/${TASK}/add.js`, content: WRONG },
      commitStep('Rewrite add.js'),
      doneStep('rewrote add.js'),
    ],
  },
  {
    name: 'task',
    match: MARK,
    usage: { input: 1000, output: 40, cacheRead: 200, cacheWrite: 20 },
    steps: [
      { write: `src/${TASK}/add.js`, content: WRONG },
      { write: `src/${TASK}/add.test.js`, content: TEST },
      commitStep('Add add.js'),
      doneStep('added src/stuck-task/add.js'),
    ],
  },
];

/** The user prompts in an OpenAI Responses request body, oldest first. */
function userPrompts(r: LoggedRequest): string[] {
  const input = (r.body as { input?: unknown[] } | undefined)?.input ?? [];
  return input
    .filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null)
    .filter((i) => (i.type === undefined || i.type === 'message') && i.role === 'user')
    .map((i) =>
      typeof i.content === 'string'
        ? i.content
        : (i.content as Array<{ text?: string }>).map((c) => c.text ?? '').join('\n'),
    );
}

/** The tool calls and their outputs in a request's history. */
function historyItems(r: LoggedRequest): unknown[] {
  const input = (r.body as { input?: unknown[] } | undefined)?.input ?? [];
  return input.filter((i) => /call/.test(String((i as { type?: unknown }).type)));
}

/** Ends every agent process grove started that is still running (each leads its own process group). */
function killAgents(stores: Stores | undefined): void {
  for (const a of stores?.attempts.listForTask(TASK) ?? []) {
    if (a.pid === null) continue;
    try {
      process.kill(-a.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

describe.skipIf(missing.length > 0)('grove run with the real codex CLI: stuck → fresh session', () => {
  let server: ModelServer;
  let p: GroveProject | undefined;
  let run: ScriptProcess | undefined;
  let stores: Stores | undefined;
  let close: (() => void) | undefined;
  beforeAll(async () => {
    server = await startModelServer({ scenarios: SCENARIOS });
  });
  afterAll(async () => {
    if (run && run.child.exitCode === null) run.child.kill('SIGKILL');
    killAgents(stores);
    close?.();
    await server?.close();
    p?.cleanup();
  });

  it(
    'after 3 identical gate failures reassigns the task to a fresh codex session, which fixes it and merges',
    async () => {
      const started = Date.now();
      p = makeRealProject({
        server,
        tasks: [
          {
            id: TASK,
            agent: 'codex',
            body: `${MARK}. Add src/${TASK}/add.js (add(a, b) returns a + b) with a test.`,
          },
        ],
        // A high fix budget: stuck detection, not running out of fixes, ends the first session.
        // Each model request is counted exactly: no reflection turn (covered by reflection-real.test.ts).
        configExtra: [
          'compound: { reflect: false }',
          'gates:',
          '  test: [node, --test]',
          'fix: { max_iterations: 6 }',
          'stuck: { repeats: 3, action: reassign, max_reassign: 1 }',
          '',
        ].join('\n'),
      });
      run = startGroveRun(p.root);
      const state = await openState(p.root);
      stores = state.stores;
      close = () => state.ctx.close();
      const s = stores;
      const explain = (): string => describeRun(run, s);

      await waitFor(() => SETTLED.has(s.tasks.get(TASK)?.state ?? 'not loaded yet'), {
        what: 'the task settled',
        timeoutMs: RUN_MS - 40_000,
        explain: explain,
      });
      const exit = await run.exited;
      expect(exit.code, explain() + exit.stderr).toBe(0);
      expect(s.tasks.require(TASK).state, explain()).toBe('merged');

      // Attempts: the stuck session (its first run and two fixes, resuming the same Codex thread), then
      // the fresh one under a new thread id.
      const attempts = s.attempts.listForTask(TASK);
      expect(
        attempts.map((a) => a.kind),
        explain(),
      ).toEqual(['initial', 'fix', 'fix', 'reassign']);
      const [first, fix1, fix2, fresh] = attempts;
      expect(first!.session_id).toBeTruthy();
      expect(fix1!.session_id).toBe(first!.session_id);
      expect(fix2!.session_id).toBe(first!.session_id);
      expect(fresh!.session_id).toBeTruthy();
      expect(fresh!.session_id).not.toBe(first!.session_id);
      expect(new Set(attempts.map((a) => a.session_id)).size).toBe(2);

      // The gate failed 3 times with one fingerprint, then passed for the fresh session.
      const testRuns = s.gates.listForTask(TASK).filter((g) => g.gate === 'test');
      expect(testRuns.map((g) => g.ok)).toEqual([false, false, false, true]);
      const fingerprints = new Set(testRuns.filter((g) => !g.ok).map((g) => g.fingerprint));
      expect(fingerprints.size).toBe(1);
      const fingerprint = [...fingerprints][0]!;
      expect(fingerprint).toMatch(/^test:[0-9a-f]{8}$/);
      expect(testRuns[3]!.attempt_id).toBe(fresh!.id);

      // The journal (through the real CLI): stuck with its cause, then the reassignment, then merged.
      const events = p.grove('events', TASK, '--json');
      expect(events.code, events.stderr).toBe(0);
      const transitions = events.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { data: Record<string, unknown> }).data);
      expect(transitions.map((t) => t.to)).toEqual([
        'planned',
        'ready',
        'running',
        'verifying',
        'fixing',
        'verifying',
        'fixing',
        'verifying',
        'stuck',
        'reassigned',
        'running',
        'verifying',
        'verified',
        'queued',
        'integrating',
        'merged',
      ]);
      const stuck = transitions.find((t) => t.to === 'stuck')!;
      expect(stuck.reason).toEqual({ kind: 'repeated-failure', fingerprint, repeats: 3 });
      const reassigned = transitions.find((t) => t.to === 'reassigned')!;
      expect(reassigned.cause).toBe('reassigned to a fresh codex session');
      expect(reassigned.reason).toEqual(stuck.reason);
      expect(s.notifications.list().map((n) => n.kind)).toContain('stuck');

      // The mock's log: the first session got the task prompt and two fix prompts, its history growing;
      // the fresh session's first request holds the reassign prompt only, no earlier history.
      const turns = server.turns('openai');
      const fixTurns = turns.filter((r) => r.scenario === 'fix' && r.step === 0);
      expect(fixTurns.map((r) => /\(fix (\d) of 6\)/.exec(r.prompt ?? '')?.[1])).toEqual(['1', '2']);
      const lastStuck = turns.filter((r) => r.scenario !== 'fresh').at(-1)!;
      expect(userPrompts(lastStuck).filter((u) => u.includes(FIX_MARK))).toHaveLength(2);
      const freshTurns = turns.filter((r) => r.scenario === 'fresh');
      const firstFresh = freshTurns[0]!;
      expect(firstFresh.step).toBe(0);
      expect(firstFresh.seq).toBeGreaterThan(lastStuck.seq);
      expect(historyItems(firstFresh)).toEqual([]);
      const prompts = userPrompts(firstFresh).filter((u) => u.includes(MARK) || u.includes(FIX_MARK));
      expect(prompts).toHaveLength(1);
      expect(prompts[0]).toContain(FRESH_MARK);
      expect(prompts[0]).toContain('gate test (`node --test`) (3 times in a row)');
      expect(prompts[0]).not.toContain(FIX_MARK);
      // Codex names its thread in a `session-id` header: the stuck thread's requests all come before the
      // first one of the fresh thread, which starts a new history (not a resume), and every request after
      // it belongs to the fresh thread.
      const thread = (r: LoggedRequest): unknown => r.headers['session-id'];
      expect(turns.filter((r) => thread(r) === first!.session_id).every((r) => r.seq < firstFresh.seq)).toBe(
        true,
      );
      expect(turns.find((r) => thread(r) === fresh!.session_id)).toBe(firstFresh);
      expect(turns.filter((r) => r.seq >= firstFresh.seq).map(thread)).toEqual(
        freshTurns.map(() => fresh!.session_id),
      );
      expect(freshTurns.map((r) => r.step)).toEqual([0, 1, 2]);

      // grove's stored events: each attempt wrote add.js through Codex's own apply_patch tool.
      const addJs = join(s.tasks.require(TASK).worktree ?? '', `src/${TASK}/add.js`);
      for (const a of attempts) {
        const calls = s.agentEvents
          .list(TASK, { attemptId: a.id })
          .map((e) => e.event)
          .filter((e) => e.kind === 'tool_call');
        expect(
          calls.some((c) => c.name === 'apply_patch' && c.files.includes(addJs)),
          `attempt ${a.n} (${a.kind})`,
        ).toBe(true);
      }

      // Merged: the right code is on main. Tokens: exactly what the mock sent, in the store and the report.
      expect(p.git('show', `main:src/${TASK}/add.js`)).toBe(RIGHT);
      const sent = sentTotals(server, 'openai');
      expect({ ...s.usage.totalsForTask(TASK), costUsd: 0, unpriced: undefined }).toEqual({
        ...sent,
        costUsd: 0,
      });
      const report = p.grove('report', '--json');
      expect(report.code, report.stderr).toBe(0);
      const figures = JSON.parse(report.stdout) as { totals: { tokens: Record<string, number> } };
      expect(figures.totals.tokens).toEqual(sent);
      console.log(
        `[grove-run-real-stuck] stuck → fresh session → merged: ${Date.now() - started} ms, ${turns.length} codex turns`,
      );
    },
    RUN_MS,
  );
});

if (missing.length > 0) console.warn(`[grove-run-real-stuck] skipped: ${missing.join('; ')}`);
