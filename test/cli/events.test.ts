import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/infra/db/open.js';
import type { Stores } from '../../src/infra/db/stores.js';
import { openStores } from '../../src/infra/db/stores.js';
import type { Db } from '../../src/infra/db/open.js';
import type { TempRepo } from '../helpers/git-repo.js';
import { makeTempRepo } from '../helpers/git-repo.js';
import { startNode } from '../helpers/node-script.js';

const BIN = resolve('bin/grove.js');

describe('grove events', () => {
  let repo: TempRepo;
  let db: Db;
  let s: Stores;
  beforeEach(() => {
    repo = makeTempRepo();
    mkdirSync(join(repo.root, '.grove'));
    db = openDatabase(join(repo.root, '.git', 'grove', 'grove.db'));
    let t = Date.UTC(2026, 0, 2, 3, 4, 5);
    s = openStores(db, () => (t += 1000));
    s.tasks.upsert('login', { title: 'Login' });
    s.tasks.transition('login', 'ready', 'no dependencies');
    s.tasks.upsert('docs', { title: 'Docs' });
    const a = s.attempts.create({
      taskId: 'login',
      kind: 'initial',
      agent: 'bot',
      adapter: 'scripted',
      logDir: '/l',
    });
    s.attempts.ingest(a.id, 'stdout', 10, [
      { kind: 'tool_call', id: '1', name: 'Edit', files: ['src/login.ts'] },
    ]);
    s.gates.record({
      task_id: 'login',
      attempt_id: a.id,
      gate: 'test',
      command: 'npm test',
      ok: false,
      exit_code: 1,
      timed_out: false,
      duration_ms: 1500,
      output_tail: 'FAIL',
      output_path: null,
      fingerprint: 'f',
    });
  });
  afterEach(() => {
    db.close();
    repo.cleanup();
  });

  const grove = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, 'events', ...args], { cwd: repo.root, encoding: 'utf8' });

  it('prints state transitions with time and cause by default', () => {
    const r = grove();
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}login +\(new\) → planned {2}task loaded from spec$/,
    );
    expect(lines[1]).toMatch(/login +planned → ready {2}no dependencies$/);
    expect(lines[2]).toMatch(/docs +\(new\) → planned/);
  });

  it('filters by task and type, and prints JSON lines', () => {
    const r = grove('login', '--type', 'agent,gate', '--json');
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; task_id: string; data: Record<string, unknown> });
    expect(rows.map((x) => x.type)).toEqual(['agent', 'gate']);
    expect(rows.every((x) => x.task_id === 'login')).toBe(true);
    expect(rows[0]!.data).toMatchObject({ event: { kind: 'tool_call', files: ['src/login.ts'] } });
    const human = grove('login', '--type', 'all', '--last', '3').stdout;
    expect(human).toMatch(/attempt 1 started: initial with bot \(scripted\)/);
    expect(human).toMatch(/agent +Edit src\/login\.ts/);
    // One sentence per event, no type column repeating its first word (issue 24: "attempt attempt 1").
    expect(human).toMatch(/login {2,}gate test FAILED \(exit 1, 1\.5 s\)/);
    expect(human).not.toMatch(/attempt +attempt|gate +gate/);
  });

  it('says clearly when the task or an option is wrong', () => {
    const missing = grove('nope');
    expect(missing.status).toBe(4);
    expect(missing.stderr).toMatch(/no task "nope" in the grove state/);
    const bad = grove('--type', 'a b');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--type takes event types/);
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('follows new events until stopped', async () => {
    const p = startNode([BIN, 'events', '--follow', '--json', '--type', 'state,notify', '--last', '1'], {
      cwd: repo.root,
    });
    try {
      await p.waitFor('"to":"planned"');
      s.tasks.transition('docs', 'ready', 'picked by the lead');
      s.notifications.add({ taskId: 'docs', kind: 'stuck', message: 'same error three times' });
      await p.waitFor('same error three times');
      expect(p.output()).toContain('picked by the lead');
      expect(p.output()).not.toContain('no dependencies'); // --last 1 cut the backlog
    } finally {
      p.child.kill('SIGTERM');
    }
    expect((await p.exited).code).toBe(0);
  });

  it('fails cleanly outside a grove project', () => {
    const bare = makeTempRepo();
    try {
      const r = spawnSync(process.execPath, [BIN, 'events'], { cwd: bare.root, encoding: 'utf8' });
      expect(r.status).toBe(5);
      expect(r.stderr).toMatch(/grove has not been set up/);
    } finally {
      bare.cleanup();
    }
  });
});

describe('grove events --help', () => {
  it('shows an example', () => {
    const out = execFileSync(process.execPath, [BIN, 'events', '--help'], { encoding: 'utf8' });
    expect(out).toMatch(/Examples:\n\s+grove events/);
  });
});
