// Ctrl-C (or SIGTERM) during `grove verify`: the running gate is stopped with everything it started,
// grove says what happened (no stack trace) and exits 130, and nothing is recorded for the cut gate.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GIT_TEST_ENV } from '../helpers/git-repo.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject, worktreeOf } from '../helpers/grove-project.js';
import { waitFor } from '../helpers/wait.js';

const BIN = resolve(import.meta.dirname, '../../bin/grove.js');

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('grove verify interrupted', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`on ${signal} stops the running gate and its children, says so and exits 130`, async () => {
      // The gate starts a background child too, and writes both pids where the test can read them.
      const gate = `sh -c 'sleep 60 & echo $! > "$GATE_PIDS"; echo $$ >> "$GATE_PIDS"; wait'`;
      p = makeGroveProject({
        tasks: ['slow'],
        config: `gates:\n  slow: ${JSON.stringify(gate)}\n`,
      });
      expect(p.grove('spawn', 'slow').code).toBe(0);
      const wt = worktreeOf(p, 'slow');
      mkdirSync(join(wt, 'src/slow'), { recursive: true });
      writeFileSync(join(wt, 'src/slow/a.txt'), 'work\n');
      p.git('-C', wt, 'add', '-A');
      p.git('-C', wt, 'commit', '-q', '-m', 'work');
      const pidFile = join(p.parent, 'gate-pids');

      const child = spawn(process.execPath, [BIN, 'verify', 'slow'], {
        cwd: p.root,
        env: { ...GIT_TEST_ENV, GATE_PIDS: pidFile },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));

      const pids = await waitFor(
        () => {
          if (!existsSync(pidFile)) return undefined;
          const list = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
          return list.length === 2 && list.every((n) => n > 0) ? list : undefined;
        },
        { timeoutMs: 20_000, what: 'the gate to start' },
      );
      expect(pids.every(alive)).toBe(true);
      child.kill(signal);
      const code = await exited;

      expect(code).toBe(130);
      expect(stderr).toContain(`slow: verification interrupted (${signal})`);
      expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(stdout).toContain('committed'); // the gates before it finished and were printed
      await waitFor(() => (pids.some(alive) ? undefined : true), {
        timeoutMs: 10_000,
        what: 'the gate and its child to be gone',
      });
      const db = new Database(join(p.root, '.git/grove/grove.db'), { readonly: true });
      try {
        const gates = db.prepare("SELECT gate FROM gate_runs WHERE task_id = 'slow' ORDER BY id").all();
        expect(gates.map((g) => (g as { gate: string }).gate)).toEqual([
          'committed',
          'ownership',
          'knowledge-file',
        ]);
      } finally {
        db.close();
      }
    });
  }
});
