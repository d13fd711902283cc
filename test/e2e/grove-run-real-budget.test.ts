// Issue 8's budget proof with the real Claude Code CLI against the mock model server: the mock reports
// heavy usage, grove pauses the task at 85% of its token budget and stops the agent mid-run, and
// `grove resume <task> --budget +N` (the real bin) continues the SAME Claude session (the resumed request
// carries the earlier conversation and the "You were paused" message) to merged through its gate; the
// usage grove stored is compared with the mock's. Two ways a person meets the pause:
// - `grove run` in a script (no terminal): it exits 1 ("needs you"); resume, then `grove run` again;
// - `grove run --keep-open` (the default at a terminal with the dashboard): resume while it keeps going.
// Codex and Gemini are not proved here: they report usage only when a run ends (Codex `turn.completed`,
// Gemini `result.stats`), so grove cannot see them cross 85% mid-run.
import { afterEach, describe, expect, it } from 'vitest';
import type { Stores } from '../../src/infra/db/stores.js';
import type { ScenarioInput } from '../fixtures/model-server/scenario.js';
import type { LoggedRequest, ModelServer } from '../fixtures/model-server/server.js';
import { startModelServer } from '../fixtures/model-server/server.js';
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
  sentTotals,
  startGroveRun,
} from './grove-run-real-agents-fixture.js';

const missing = missingRealClis(['claude']);
const RUN_MS = 240_000;
const TASK = 'budget-claude';
const MARKER = 'grove-e2e-budget: the claude task';
const RESUMED = 'You were paused';
const BUDGET = 10_000;
/** Two turns of 4,500 input tokens each: 9,000+ of 10,000 is past the 85% mark after the second. */
const HEAVY = { input: 4500, output: 30, cacheRead: 300, cacheWrite: 0 };
const LIGHT = { input: 1200, output: 25, cacheRead: 300, cacheWrite: 40 };

/** Before the pause: write the module, read it back (both heavy); the third turn is held, never answered. */
const beforePause: ScenarioInput = {
  name: 'before-pause',
  match: MARKER,
  usage: HEAVY,
  steps: [
    { write: `src/${TASK}/hello.js`, content: `exports.hello = () => 'hello from claude';\n` },
    { read: `src/${TASK}/hello.js` },
    { text: 'this reply is held until the agent was stopped: nobody reads it' },
  ],
};

/** After `grove resume`: the test, a commit, the result. */
const afterResume: ScenarioInput = {
  name: 'after-resume',
  match: RESUMED,
  usage: LIGHT,
  steps: [
    {
      write: `src/${TASK}/hello.test.js`,
      content: [
        `const test = require('node:test');`,
        `const assert = require('node:assert');`,
        `const { hello } = require('./hello.js');`,
        `test('claude says hello', () => assert.strictEqual(hello(), 'hello from claude'));`,
        '',
      ].join('\n'),
    },
    commitStep(`Add ${TASK}`),
    doneStep(`added src/${TASK}`),
  ],
};

/** True while the process group `pid` has a live member. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function text(r: LoggedRequest): string {
  return JSON.stringify(r.body);
}

type Mode = 'exit-then-rerun' | 'keep-open';

interface Proof {
  server: ModelServer;
  p: GroveProject;
  runs: ScriptProcess[];
  stores?: Stores;
  close?: () => void;
}

async function cleanup(proof: Proof | undefined): Promise<void> {
  if (!proof) return;
  for (const r of proof.runs) if (r.child.exitCode === null) r.child.kill('SIGKILL');
  // grove's agents run in their own process groups: none may outlive the test.
  for (const a of proof.stores?.attempts.listForTask(TASK) ?? []) {
    if (a.pid !== null && groupAlive(a.pid)) process.kill(-a.pid, 'SIGKILL');
  }
  proof.close?.();
  proof.server.setHold(undefined);
  await proof.server.close();
  proof.p.cleanup();
}

async function prove(mode: Mode, proof: Proof): Promise<void> {
  const started = Date.now();
  const { server, p } = proof;
  // The turn after the heavy ones waits, so the pause lands while the agent is mid-run.
  const hold = holdReplies(server, (r) => r.scenario === beforePause.name && (r.step ?? 0) >= 2);
  const first = startGroveRun(p.root, ...(mode === 'keep-open' ? ['--keep-open'] : ['--no-keep-open']));
  proof.runs.push(first);
  const state = await openState(p.root);
  proof.stores = state.stores;
  proof.close = () => state.ctx.close();
  const s = state.stores;
  const explain =
    (run: ScriptProcess = first) =>
    () =>
      describeRun(run, s);
  // The task row appears once `grove run` has read the plan.
  const stateOf = (): string | undefined => s.tasks.get(TASK)?.state;

  // 1. Paused for its budget mid-run: grove counts the second reply's usage as it streams, so the pause
  // lands either before Claude sends its third request or while that request is held (never answered).
  await waitFor(() => stateOf() === 'paused', {
    what: 'the task paused',
    timeoutMs: 90_000,
    explain: explain(),
  });
  expect(hold.held().length, explain()()).toBeLessThanOrEqual(1);
  const pause = s.tasks
    .stateHistory(TASK)
    .filter((h) => h.to === 'paused')
    .at(-1);
  expect(pause?.cause, explain()()).toMatch(/^budget: \d+ of 10000 tokens used$/);
  const usedAtPause = s.usage.totalsForTask(TASK).total;
  expect(usedAtPause).toBeGreaterThanOrEqual(0.85 * BUDGET);
  expect(usedAtPause).toBeLessThan(BUDGET);
  // The lead hears of it (the notification follows the transition).
  const budgetNote = () => s.notifications.list().find((n) => n.task_id === TASK && n.kind === 'budget');
  await waitFor(() => budgetNote() !== undefined, {
    what: 'the budget notification',
    timeoutMs: 10_000,
    explain: explain(),
  });
  expect(budgetNote()!.message).toContain(`grove resume ${TASK} --budget +`);

  // 2. The agent was stopped: its attempt ended as paused and its process group is gone.
  if (mode === 'exit-then-rerun') {
    // Nothing more to do without a person: `grove run` exits 1 and says how to go on.
    const exit1 = await first.exited;
    expect(exit1.code, explain()() + exit1.stderr).toBe(1);
    expect(first.output()).toContain(`grove resume ${TASK}`);
  } else {
    await waitFor(() => first.output().includes('waiting on you'), {
      what: 'grove run waiting on a person',
      timeoutMs: 30_000,
      explain: explain(),
    });
    expect(first.child.exitCode).toBeNull();
  }
  const [paused, ...rest] = s.attempts.listForTask(TASK);
  expect(rest).toEqual([]);
  await waitFor(() => s.attempts.require(paused!.id).ended_at !== null && !groupAlive(paused!.pid ?? 0), {
    what: 'the paused agent gone and its end recorded',
    timeoutMs: 15_000,
    explain: explain(),
  });
  expect(s.attempts.require(paused!.id)).toMatchObject({ outcome: 'paused', kind: 'initial' });
  expect(s.attempts.listUnfinished(), explain()()).toEqual([]);
  const session = s.tasks.require(TASK).session_id;
  expect(session).toBeTruthy();
  expect(paused!.session_id).toBe(session);

  // A held request's client is gone: the mock answers nobody and counts no usage for it.
  const heldAtPause = hold.held().length;
  hold.release();
  if (heldAtPause > 0) {
    await waitFor(() => hold.held()[0]!.status === 499, {
      what: 'the held request settled',
      timeoutMs: 10_000,
      explain: explain(),
    });
  }
  expect(hold.held()).toHaveLength(heldAtPause); // the stopped agent sent nothing more
  const beforeResume = server.requests.length;

  // 3. `grove resume --budget +20000` (the real bin) continues the session: the running `grove run`
  // follows the journal, or the next one starts it.
  const resumed = p.grove('resume', TASK, '--budget', '+20000');
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(resumed.stdout).toContain(`continues session ${session}`);
  expect(resumed.stdout).toContain(
    mode === 'keep-open' ? 'the running scheduler (grove run' : 'no scheduler is running',
  );
  let last = first;
  if (mode === 'exit-then-rerun') {
    expect(s.tasks.require(TASK)).toMatchObject({ state: 'ready', budget_tokens: BUDGET + 20_000 });
    last = startGroveRun(p.root, '--no-keep-open');
    proof.runs.push(last);
  }
  await waitFor(() => ['merged', 'blocked', 'failed', 'paused'].includes(stateOf() ?? ''), {
    what: 'the task merged (or needing a person)',
    timeoutMs: RUN_MS - (Date.now() - started) - 30_000,
    explain: explain(last),
  });
  expect(stateOf(), explain(last)()).toBe('merged');
  expect(s.tasks.require(TASK).budget_tokens).toBe(BUDGET + 20_000);
  if (mode === 'keep-open') {
    await waitFor(() => last.output().includes('all done'), {
      what: 'grove run told all done',
      timeoutMs: 30_000,
      explain: explain(last),
    });
    last.child.kill('SIGINT');
  }
  const exit2 = await last.exited;
  expect(exit2.code, explain(last)() + exit2.stderr).toBe(0);

  // The same session: one resume attempt with the paused attempt's session id.
  const attempts = s.attempts.listForTask(TASK);
  expect(attempts.map((a) => [a.kind, a.outcome, a.session_id])).toEqual([
    ['initial', 'paused', session],
    ['resume', 'completed', session],
  ]);
  expect(s.tasks.require(TASK).session_id).toBe(session);

  // The resumed session's first model request carries the earlier conversation: the task prompt, the
  // Write (with the file's content) and its result, and the resume message; and the Read's result too
  // when Claude ran the Read before it was stopped (it had, if its next request reached the mock).
  const after = server.turns('anthropic').filter((r) => r.seq > beforeResume);
  const firstResumed = after.find((r) => r.scenario === afterResume.name);
  expect(firstResumed, explain(last)()).toBeDefined();
  expect(firstResumed!.step).toBe(0);
  expect(String(firstResumed!.headers['user-agent'])).toMatch(/^claude-cli\//); // the real CLI
  expect(after.filter((r) => r.scenario === beforePause.name)).toEqual([]);
  const body = text(firstResumed!);
  expect(body).toContain(MARKER);
  expect(body).toContain(RESUMED);
  expect(body).toContain('hello from claude');
  expect(body).toContain(`"name":"Write"`);
  const toolResults = (body.match(/"type":"tool_result"/g) ?? []).length;
  expect(toolResults).toBeGreaterThanOrEqual(heldAtPause > 0 ? 2 : 1); // Write (+ Read)

  // 4. Merged through its gate, the files on main.
  expect(s.gates.listForTask(TASK).map((g) => [g.gate, g.ok])).toContainEqual(['test', true]);
  expect(p.git('show', `main:src/${TASK}/hello.test.js`)).toContain('claude says hello');

  // 5. Usage, exactly what the mock sent, for each attempt: the resumed one's after the resume; the
  // paused one's for its answered turns (the held one counts on neither side). A killed Claude never
  // prints its `result` line; each reply's output tokens come from its raw message_delta
  // (`--include-partial-messages`), not from the assistant lines (output_tokens 1 there).
  const sentAll = server.usageSent('anthropic', 0);
  const sentAfter = server.usageSent('anthropic', beforeResume);
  const storedPaused = s.usage.totalsForAttempt(attempts[0]!.id);
  const storedResumed = s.usage.totalsForAttempt(attempts[1]!.id);
  const withTotal = (u: typeof sentAll) => ({ ...u, total: u.input + u.output + u.cacheWrite, costUsd: 0 });
  expect({ ...storedResumed, costUsd: 0, unpriced: undefined }).toEqual(withTotal(sentAfter));
  const answered = server
    .turns('anthropic')
    .filter((r) => r.seq <= beforeResume && r.status === 200 && r.scenario === beforePause.name);
  expect(answered.map((r) => r.step)).toEqual([0, 1]);
  const sentPaused = {
    input: sentAll.input - sentAfter.input,
    output: sentAll.output - sentAfter.output,
    cacheRead: sentAll.cacheRead - sentAfter.cacheRead,
    cacheWrite: sentAll.cacheWrite - sentAfter.cacheWrite,
  };
  expect(sentPaused.output).toBe(2 * HEAVY.output);
  expect({ ...storedPaused, costUsd: 0, unpriced: undefined }).toEqual(withTotal(sentPaused));
  const total = s.usage.totalsForTask(TASK);
  const sent = sentTotals(server, 'anthropic');
  expect({ ...total, costUsd: 0, unpriced: undefined }).toEqual(withTotal(sent));
  console.log(
    `[grove-run-real-budget] ${mode}: claude paused at ${usedAtPause} of ${BUDGET} tokens ` +
      `(${heldAtPause > 0 ? 'its next request held' : 'before its next request'}), resumed to ` +
      `merged in ${Date.now() - started} ms; stored ${JSON.stringify({ ...total, costUsd: undefined })}, ` +
      `mock sent ${JSON.stringify(sent)}`,
  );
}

describe.skipIf(missing.length > 0)('a real claude task paused at 85% of its budget, then resumed', () => {
  let proof: Proof | undefined;
  afterEach(async () => {
    await cleanup(proof);
    proof = undefined;
  });

  const modes: Array<[Mode, string]> = [
    ['exit-then-rerun', '`grove run` exits 1 on the pause; resume, and the next `grove run` continues'],
    ['keep-open', '`grove run --keep-open` keeps going; resume while it runs continues'],
  ];
  for (const [mode, how] of modes) {
    it(
      `${mode}: pauses at 85% and stops the agent; ${how} the same session to merged`,
      async () => {
        const server = await startModelServer({ scenarios: [beforePause, afterResume] });
        const p = makeRealProject({
          server,
          tasks: [
            {
              id: TASK,
              agent: 'claude',
              body: `${MARKER}. Add src/${TASK}/hello.js with a test.`,
              extra: `budget: { tokens: ${BUDGET} }`,
            },
          ],
          configExtra: 'gates:\n  test: [node, --test]\n',
        });
        proof = { server, p, runs: [] };
        await prove(mode, proof);
      },
      RUN_MS,
    );
  }
});

if (missing.length > 0) console.warn(`[grove-run-real-budget] skipped: ${missing.join('; ')}`);
