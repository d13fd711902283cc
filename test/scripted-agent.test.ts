// The real scripted agent (dist/scripted-agent.js) in temp git repos: edits, commits, stream-json that
// the Claude parser reads, per-run behaviour, signals, floods.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClaudeParser } from '../src/infra/agents/claude/parse.js';
import { findScriptedAgentBundle } from '../src/infra/agents/scripted/locate.js';
import { run } from '../src/infra/process/run.js';
import type { AgentEvent } from '../src/shared/agent-event.js';
import type { TempRepo } from './helpers/git-repo.js';
import { GIT_TEST_ENV, makeTempRepo } from './helpers/git-repo.js';
import { waitFor } from './helpers/wait.js';

const AGENT = findScriptedAgentBundle(resolve('src/infra/agents/scripted/main.ts')) ?? '';
const SCRIPTS = resolve('test/fixtures/scripts');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(files?: Record<string, string>): { repo: TempRepo; home: string } {
  const repo = makeTempRepo(files ? { files } : {});
  const home = mkdtempSync(join(tmpdir(), 'grove-scripted-home-'));
  cleanups.push(
    () => repo.cleanup(),
    () => rmSync(home, { recursive: true, force: true }),
  );
  return { repo, home };
}

async function runAgent(cwd: string, args: string[], input?: string) {
  const r = await run(process.execPath, [AGENT, ...args], { cwd, env: GIT_TEST_ENV, input });
  const parse = createClaudeParser();
  const lines = r.stdout.split('\n').filter((l) => l.length > 0);
  return { ...r, lines, events: lines.flatMap((l) => parse(l)) };
}

function usageTotals(events: AgentEvent[]) {
  const t = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  for (const e of events) {
    if (e.kind !== 'usage') continue;
    t.input += e.input;
    t.output += e.output;
    t.cacheRead += e.cacheRead;
    t.cacheWrite += e.cacheWrite;
  }
  return t;
}

describe('scripted agent', () => {
  it('is built', () => {
    expect(existsSync(AGENT)).toBe(true);
  });

  it('edits, runs, commits and prints stream-json the Claude parser reads, usage counted once per message', async () => {
    const { repo, home } = setup({ 'old.txt': 'old\n' });
    const r = await runAgent(repo.root, [
      '-p',
      'add greet',
      '--output-format',
      'stream-json',
      '--verbose',
      '--session-id',
      'sess-1',
      '--script',
      join(SCRIPTS, 'edit-and-commit.yaml'),
      '--home',
      home,
      '--task',
      'greet',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);

    // The worktree: committed, clean, with the edits.
    expect(readFileSync(join(repo.root, 'src/greet.js'), 'utf8')).toBe(
      'export const greet = (n) => `hi ${n}`;\n',
    );
    expect(readFileSync(join(repo.root, 'README.md'), 'utf8')).toBe('# test repo\n\nSee src/greet.js.\n');
    expect(existsSync(join(repo.root, 'old.txt'))).toBe(false);
    expect(repo.git('log', '-1', '--format=%s').trim()).toBe('Add greet for greet');
    expect(repo.git('status', '--porcelain')).toBe('');

    // Claude's shape: blocks of one message share id and usage.
    const first = JSON.parse(r.lines[1] ?? '{}') as { message: { id: string; usage: unknown } };
    const second = JSON.parse(r.lines[2] ?? '{}') as { message: { id: string; usage: unknown } };
    expect(first.message.id).toBe(second.message.id);
    expect(first.message.usage).toEqual(second.message.usage);

    const kinds = r.events.map((e) => e.kind);
    expect(kinds[0]).toBe('session');
    expect(kinds.at(-1)).toBe('finished');
    expect(r.events[0]).toEqual({ kind: 'session', sessionId: 'sess-1', model: 'scripted-test' });
    const calls = r.events.filter((e) => e.kind === 'tool_call');
    expect(calls.map((c) => [c.name, c.files])).toEqual([
      ['Write', [join(repo.root, 'src/greet.js')]],
      ['Edit', [join(repo.root, 'src/greet.js')]],
      ['Write', [join(repo.root, 'README.md')]],
      ['Bash', []],
      ['Bash', []],
      ['Bash', []],
    ]);
    const results = r.events.filter((e) => e.kind === 'tool_result');
    expect(results.map((e) => e.ok)).toEqual([true, true, true, true, true, true]);
    expect(results[4]).toMatchObject({ text: 'checked' });

    // 9 messages: 2 with explicit usage on tool steps, 1 usage-only, the result's, 5 at the default.
    const expected = { input: 1200 + 1500 + 50 + 900 + 5 * 100, output: 80 + 40 + 400 + 60 + 5 * 20 };
    expect(usageTotals(r.events)).toEqual({ ...expected, cacheRead: 2000, cacheWrite: 500 });
    expect(r.events.filter((e) => e.kind === 'usage')).toHaveLength(9);
    const resultLine = JSON.parse(r.lines.at(-1) ?? '{}') as {
      usage: Record<string, number>;
      num_turns: number;
    };
    expect(resultLine.usage).toMatchObject({ input_tokens: expected.input, output_tokens: expected.output });
    expect(resultLine.num_turns).toBe(9);

    const finished = r.events.at(-1);
    expect(finished).toMatchObject({ kind: 'finished', ok: true });
    const cost = (expected.input * 3 + expected.output * 15 + 2000 * 0.3 + 500 * 3.75) / 1e6;
    expect(finished?.kind === 'finished' && finished.costUsd).toBeCloseTo(cost, 6);
    expect(finished?.kind === 'finished' && finished.result).toMatch(
      /```json\n\{\n {2}"status": "completed"/,
    );
  });

  it('is deterministic: the same script prints the same lines', async () => {
    const a = setup();
    const b = setup();
    const args = (home: string) => [
      '--script',
      join(SCRIPTS, 'fix-on-second-run.yaml'),
      '--home',
      home,
      '--task',
      't',
    ];
    const ra = await runAgent(a.repo.root, [...args(a.home), '--session-id', 's'], 'prompt');
    const rb = await runAgent(b.repo.root, [...args(b.home), '--session-id', 's'], 'prompt');
    const norm = (out: string, root: string) => out.split(root).join('<root>');
    expect(norm(ra.stdout, a.repo.root)).toBe(norm(rb.stdout, b.repo.root));
  });

  it('counts runs per task in its home: run 2 differs from run 1, and the prompt is recorded', async () => {
    const { repo, home } = setup();
    const script = join(SCRIPTS, 'fix-on-second-run.yaml');
    const one = await runAgent(
      repo.root,
      ['--script', script, '--home', home, '--task', 'val', '--session-id', 'S'],
      'do it',
    );
    expect(readFileSync(join(repo.root, 'src/value.txt'), 'utf8')).toBe('broken\n');
    expect(one.events.at(-1)).toMatchObject({ kind: 'finished', ok: true });

    const two = await runAgent(repo.root, [
      '-p',
      'the check failed',
      '--script',
      script,
      '--home',
      home,
      '--task',
      'val',
      '--resume',
      'S',
    ]);
    expect(two.code).toBe(0);
    expect(two.events[0]).toEqual({ kind: 'session', sessionId: 'S', model: 'scripted-sonnet' });
    expect(readFileSync(join(repo.root, 'src/value.txt'), 'utf8')).toBe('fixed\n');
    expect(repo.git('log', '-1', '--format=%s').trim()).toBe('Fix on run 2');
    const ids = (r: typeof one) => r.events.flatMap((e) => (e.kind === 'usage' ? [e.messageId] : []));
    expect(ids(two).some((id) => ids(one).includes(id))).toBe(false);

    const state = join(home, 'scripted-agent');
    expect(readFileSync(join(state, 'val.run-1.prompt.txt'), 'utf8')).toBe('do it');
    expect(readFileSync(join(state, 'val.run-2.prompt.txt'), 'utf8')).toBe('the check failed');
  });

  it('fails the same way on runs 1-3 and succeeds on run 4', async () => {
    const { repo, home } = setup();
    const args = [
      '-p',
      'x',
      '--script',
      join(SCRIPTS, 'fail-three-times.yaml'),
      '--home',
      home,
      '--task',
      'x',
    ];
    for (let i = 1; i <= 3; i++) {
      const r = await runAgent(repo.root, args);
      expect(r.code).toBe(1);
      expect(r.events.filter((e) => e.kind === 'finished')).toEqual([]);
      expect(r.events.filter((e) => e.kind === 'error')).toEqual([
        { kind: 'error', message: 'Error: tests failed: TypeError: x is undefined at src/a.js:12' },
      ]);
      expect(r.events.find((e) => e.kind === 'tool_result')).toMatchObject({ ok: false });
    }
    const fourth = await runAgent(repo.root, args);
    expect(fourth.code).toBe(0);
    expect(fourth.events.at(-1)).toMatchObject({ kind: 'finished', ok: true });
    expect(repo.git('log', '-1', '--format=%s').trim()).toBe('Define x');
  });

  it('floods its output and still finishes', async () => {
    const { repo, home } = setup();
    const r = await runAgent(repo.root, ['-p', 'x', '--script', join(SCRIPTS, 'flood.yaml'), '--home', home]);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThanOrEqual(300_000);
    expect(r.stderr.length).toBeGreaterThanOrEqual(100_000);
    expect(usageTotals(r.events)).toMatchObject({ input: 10 + 100, output: 5000 + 20 });
    expect(r.events.at(-1)).toMatchObject({ kind: 'finished', ok: true });
  });

  it('prints only the result with --output-format json or text', async () => {
    const { repo, home } = setup();
    const args = ['-p', 'x', '--script', join(SCRIPTS, 'fix-on-second-run.yaml'), '--home', home];
    const json = await runAgent(repo.root, [...args, '--output-format', 'json', '--task', 'a']);
    expect(json.lines).toHaveLength(1);
    expect(JSON.parse(json.lines[0] ?? '')).toMatchObject({ type: 'result', is_error: false, num_turns: 3 });
    const text = await runAgent(repo.root, [...args, '--output-format', 'text', '--task', 'b']);
    expect(text.stdout.startsWith('first try\n\n```json\n')).toBe(true);
  });

  it('rejects a bad script with exit 2 and a message naming the problem', async () => {
    const { repo, home } = setup();
    repo.write({
      'bad.yaml': 'steps:\n  - write: { path: a, content: b }\n    commit: x\n  - edit: { path: a }\n',
    });
    const r = await runAgent(repo.root, ['-p', 'x', '--script', 'bad.yaml', '--home', home]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/bad\.yaml: steps\.0/);
    expect(r.stderr).toMatch(/one action, found write and commit/);
    expect(r.stderr).toMatch(/steps\.1\.edit\.find: Invalid input/);
  });

  it('hangs until SIGTERM, and with ignore_sigterm survives SIGTERM until SIGKILL', async () => {
    const { repo, home } = setup();
    const start = (script: string) => {
      const child = spawn(
        process.execPath,
        [AGENT, '-p', 'x', '--script', join(SCRIPTS, script), '--home', home],
        {
          cwd: repo.root,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
        child.on('exit', (code, signal) => res({ code, signal })),
      );
      return { child, out: () => out, exited };
    };

    const polite = start('hang.yaml');
    await waitFor(() => polite.out().includes('Working on it'), { what: 'the hang script to speak' });
    polite.child.kill('SIGTERM');
    expect(await polite.exited).toEqual({ code: null, signal: 'SIGTERM' });

    const stubborn = start('ignore-sigterm.yaml');
    let gone = false;
    void stubborn.exited.then(() => (gone = true));
    await waitFor(() => stubborn.out().includes('cannot stop me'), { what: 'the stubborn script to speak' });
    stubborn.child.kill('SIGTERM');
    await waitFor(() => stubborn.out().includes('scripted_sigterm_ignored'), {
      what: 'SIGTERM to be ignored',
    });
    expect(gone).toBe(false);
    expect(stubborn.child.exitCode).toBeNull();
    stubborn.child.kill('SIGKILL');
    expect(await stubborn.exited).toEqual({ code: null, signal: 'SIGKILL' });
  });
});
