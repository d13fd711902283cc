import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processStartTime } from '../../src/infra/process/liveness.js';
import { readNewLines } from '../../src/infra/process/output-reader.js';
import { readExitRecord, spawnWrapper } from '../../src/infra/process/supervisor.js';
import { groupAlive } from '../../src/infra/process/supervisor-group.js';
import type { WrapperSpec } from '../../src/infra/process/supervisor-spec.js';
import { waitFor } from '../helpers/wait.js';

const FIXTURES = resolve('test/fixtures/agents');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'grove-wrapper-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function start(file: string, args: string[], extra: Partial<WrapperSpec> = {}) {
  const spec: WrapperSpec = {
    file,
    args,
    cwd: dir,
    stdinText: null,
    stdoutPath: join(dir, '1.stdout'),
    stderrPath: join(dir, '1.stderr'),
    exitPath: join(dir, '1.exit.json'),
    segmentBytes: 1 << 20,
    ...extra,
  };
  const env = { ...process.env } as Record<string, string>;
  const w = spawnWrapper({
    spec,
    specPath: join(dir, '1.launch.json'),
    env,
    logPath: join(dir, '1.wrapper.log'),
  });
  return { w, spec };
}

describe('attempt wrapper', () => {
  it('runs the agent only after go, and records output and exit', async () => {
    const { w, spec } = start(join(FIXTURES, 'exit-n.sh'), ['7']);
    expect(processStartTime(w.pid)).toBeDefined();
    expect(existsSync(spec.stdoutPath)).toBe(false); // nothing ran before go
    w.go();
    const exit = await waitFor(() => readExitRecord(spec.exitPath), { what: 'exit.json' });
    expect(exit).toMatchObject({ code: 7, signal: null });
    expect(readFileSync(spec.stdoutPath, 'utf8')).toBe('working\n');
    expect(readFileSync(spec.stderrPath, 'utf8')).toBe('boom: exiting with 7\n');
  });

  it('exits without starting the agent when the pipe closes without go', async () => {
    const { w, spec } = start(join(FIXTURES, 'exit-n.sh'), ['0']);
    w.abort();
    await waitFor(() => processStartTime(w.pid) === undefined, { what: 'wrapper to exit' });
    expect(existsSync(spec.stdoutPath)).toBe(false);
    expect(existsSync(spec.exitPath)).toBe(false);
  });

  it('records a binary that cannot start as an exit with an error', async () => {
    const { w, spec } = start(join(dir, 'no-such-agent'), []);
    w.go();
    const exit = await waitFor(() => readExitRecord(spec.exitPath), { what: 'exit.json' });
    expect(exit.code).toBeNull();
    expect(exit.error).toMatch(/ENOENT/);
  });

  it('passes the prompt on stdin when asked', async () => {
    const { w, spec } = start(join(FIXTURES, 'echo-input.sh'), ['a b'], { stdinText: 'first\nsecond\n' });
    w.go();
    await waitFor(() => readExitRecord(spec.exitPath), { what: 'exit.json' });
    const r = readNewLines({ path: spec.stdoutPath, segmentBytes: spec.segmentBytes }, 0);
    expect(r.lines).toEqual(['arg: a b', 'stdin: first', 'stdin: second']);
  });

  it('forwards SIGTERM to the agent and still records the exit', async () => {
    const { w, spec } = start(join(FIXTURES, 'hang.sh'), []);
    w.go();
    await waitFor(() => existsSync(spec.stdoutPath) && readFileSync(spec.stdoutPath, 'utf8') === 'ready\n');
    process.kill(w.pid, 'SIGTERM'); // the wrapper alone, not the group
    const exit = await waitFor(() => readExitRecord(spec.exitPath), { what: 'exit.json' });
    expect(exit.signal).toBe('SIGTERM');
    await waitFor(() => !groupAlive(w.pid), { what: 'group to end' });
  });

  it('rotates a flood beyond the segment size and keeps only two segments', async () => {
    const { w, spec } = start(join(FIXTURES, 'flood.sh'), ['1000000'], { segmentBytes: 65_536 });
    w.go();
    await waitFor(() => readExitRecord(spec.exitPath), { what: 'exit.json' });
    const r = readNewLines({ path: spec.stdoutPath, segmentBytes: spec.segmentBytes }, 0, {
      maxBytes: 1 << 21,
    });
    expect(r.skippedBytes).toBeGreaterThan(800_000);
    expect(r.lines.at(-1)).toBe('flood done');
    expect(r.offset).toBe(1_000_000 + 'flood done\n'.length);
    await waitFor(() => !groupAlive(w.pid), { what: 'the wrapper to exit' });
  });
});
