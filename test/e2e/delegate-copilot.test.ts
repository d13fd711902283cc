// Issue 21, delegate (Tier 3): a task whose agent is GitHub's Copilot coding agent. The service cannot be
// reached from here, so test/fixtures/fake-gh/gh stands in for GitHub's CLI (printing what gh's own
// source prints) and a local bare repository for the service's repository. Everything grove owns runs
// for real: the runner process under grove's supervisor, `gh agent-task create/view/list`, the fetch of
// refs/pull/<n>/head into the task's worktree, gates, the fix loop (a `@copilot` comment on the same
// pull request) and the merge queue.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';

const FAKE_GH = resolve(import.meta.dirname, '../fixtures/fake-gh/gh');
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface Setup {
  p: GroveProject;
  state: string;
  calls: () => string[][];
}

/**
 * A project whose only agent is `copilot` (adapter copilot, bin = the fake gh), with origin a bare
 * repository. `work` is the shell the "cloud agent" runs in its clone (FAKE_GH_ROUND is 1, 2, …).
 */
function setup(work: string, env: Record<string, string> = {}, bin: string = FAKE_GH): Setup {
  const state = tempDir('grove-fake-gh-');
  const remote = tempDir('grove-fake-remote-');
  const workFile = join(state, 'work.sh');
  writeFileSync(workFile, `#!/bin/sh\nset -e\n${work}\n`, { mode: 0o755 });
  const agentEnv = { FAKE_GH_STATE: state, FAKE_GH_REMOTE: remote, FAKE_GH_WORK: workFile, ...env };
  const config = [
    'default_agent: copilot',
    'agents:',
    '  copilot:',
    '    adapter: copilot',
    `    bin: ${JSON.stringify(bin)}`,
    '    poll_seconds: 0.1',
    `    env: ${JSON.stringify(agentEnv)}`,
    'gates:',
    // The task is done when src/hello/hello.txt says hello.
    `  test: [node, -e, "process.exit(require('fs').readFileSync('src/hello/hello.txt','utf8').trim()==='hello'?0:1)"]`,
    '',
  ].join('\n');
  const p = makeGroveProject({
    config,
    files: {
      '.grove/tasks/hello.md':
        '---\nid: hello\ntitle: Say hello\nowns: ["src/hello/**"]\n---\nWrite hello to src/hello/hello.txt.\n',
    },
  });
  cleanups.push(() => p.cleanup());
  p.git('init', '-q', '--bare', '--initial-branch=main', remote);
  p.git('remote', 'add', 'origin', remote);
  p.git('push', '-q', 'origin', 'main');
  const calls = (): string[][] =>
    readFileSync(join(state, 'calls.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as string[]);
  return { p, state, calls };
}

async function taskOf(root: string, id: string) {
  const ctx = await openProject(root);
  try {
    const task = ctx.store.get(id);
    const events = ctx.stores.journal.forTask(id).map((e) => JSON.stringify(e.data));
    return { task, events };
  } finally {
    ctx.close();
  }
}

describe('delegating a task to the Copilot coding agent (gh agent-task)', () => {
  it('creates the agent task, polls it, fetches its pull request into the worktree, gates it and merges it', async () => {
    const { p, calls } = setup('mkdir -p src/hello && echo hello > src/hello/hello.txt');
    const run = p.grove('run', '--no-dashboard');
    expect(run.code, run.stdout + run.stderr).toBe(0);

    const { task } = await taskOf(p.root, 'hello');
    expect(task?.state).toBe('merged');
    expect(p.git('show', 'main:src/hello/hello.txt')).toBe('hello\n');
    const verbs = calls().map((c) => c.slice(0, 2).join(' '));
    expect(verbs[0]).toBe('agent-task create');
    expect(verbs.filter((v) => v === 'agent-task view').length).toBeGreaterThanOrEqual(2);
    // The prompt went to the service on stdin (-F -), and the session id grove keeps is the service's.
    expect(calls()[0]).toContain('-F');
    expect(task?.session_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    // What landed is what the "cloud agent" pushed to its pull request.
    const prTip = p.git('ls-remote', 'origin', 'refs/pull/1/head').split('\t')[0]!;
    expect(p.git('rev-parse', `${prTip}:src/hello/hello.txt`)).toBe(
      p.git('rev-parse', 'main:src/hello/hello.txt'),
    );
    expect(p.git('log', '-1', '--format=%s', prTip).trim()).toBe('Task hello: Say hello');
  }, 120_000);

  it('a failed gate goes back to the same pull request as a @copilot comment, and the second round lands', async () => {
    // Round 1 writes the wrong word; round 2 (after the fix comment) the right one.
    const { p, calls, state } = setup(
      'mkdir -p src/hello && if [ "$FAKE_GH_ROUND" = 1 ]; then echo hullo; else echo hello; fi > src/hello/hello.txt',
    );
    const run = p.grove('run', '--no-dashboard');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect((await taskOf(p.root, 'hello')).task?.state).toBe('merged');
    expect(p.git('show', 'main:src/hello/hello.txt')).toBe('hello\n');
    const comment = calls().find((c) => c[0] === 'pr' && c[1] === 'comment');
    expect(comment?.[2]).toBe('1'); // the same pull request, not a new one
    const db = JSON.parse(readFileSync(join(state, 'sessions.json'), 'utf8')) as {
      sessions: Array<{ pr: number; prompt: string }>;
    };
    expect(db.sessions).toHaveLength(2);
    expect(db.sessions[1]!.pr).toBe(1);
    expect(db.sessions[1]!.prompt).toMatch(/^@copilot /);
    expect(calls().filter((c) => c[1] === 'create')).toHaveLength(1);
  }, 180_000);

  it('finds the session through `gh agent-task list` when create prints only "job … queued"', async () => {
    const { p, calls } = setup('mkdir -p src/hello && echo hello > src/hello/hello.txt', {
      FAKE_GH_CREATE_PRINTS: 'queued',
    });
    const run = p.grove('run', '--no-dashboard');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect((await taskOf(p.root, 'hello')).task?.state).toBe('merged');
    expect(calls().some((c) => c[1] === 'list')).toBe(true);
  }, 120_000);

  it('a session that fails on the service fails the attempt with its reason; nothing is merged', async () => {
    const { p } = setup('exit 0', { FAKE_GH_OUTCOME: 'failed' });
    p.grove('run', '--no-dashboard');
    const { task, events } = await taskOf(p.root, 'hello');
    expect(task?.state).not.toBe('merged');
    expect(events.join('\n')).toContain('the Copilot session ended failed');
    expect(p.git('ls-tree', '-r', '--name-only', 'main')).not.toContain('src/hello/hello.txt');
  }, 180_000);

  it('without gh the attempt fails saying how to install it', async () => {
    const { p } = setup('exit 0', {}, '/nonexistent/gh');
    p.grove('run', '--no-dashboard');
    const { task, events } = await taskOf(p.root, 'hello');
    expect(task?.state).not.toBe('merged');
    expect(events.join('\n')).toMatch(/GitHub's CLI\) could not be started.*install gh/);
  }, 180_000);
});
