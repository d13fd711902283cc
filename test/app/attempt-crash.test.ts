// The proofs of issue 4's supervision: SIGKILL of grove neither stops nor loses an agent nor counts a
// line twice; an output flood beyond the cap rotates while grove's memory stays bounded.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attemptFiles } from '../../src/app/attempts/index.js';
import { UsageStore } from '../../src/infra/db/usage-store.js';
import { isSameProcess } from '../../src/infra/process/liveness.js';
import { listSegments } from '../../src/infra/process/supervisor-segments.js';
import type { AgentProject } from '../fixtures/agents/project.js';
import { fixture, makeAgentProject } from '../fixtures/agents/project.js';
import { waitFor } from '../helpers/wait.js';

const GROVE = resolve('bin/grove.js');
let project: AgentProject | undefined;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  project?.cleanup();
  project = undefined;
});

function grove(
  cwd: string,
  args: string[],
): { child: ChildProcess; done: Promise<{ code: number | null; out: string }> } {
  const child = spawn(process.execPath, [GROVE, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const done = new Promise<{ code: number | null; out: string }>((r) =>
    child.on('close', (code) => r({ code, out })),
  );
  return { child, done };
}

function peakRssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

describe('supervision survives grove', () => {
  it('SIGKILL of grove mid-run: the agent keeps going, a restart re-adopts it, every line is stored once', async () => {
    const N = 120;
    project = await makeAgentProject({
      agents: { printer: { bin: fixture('printer.sh'), args: [String(N), '0.01', '0'] } },
    });
    const p = project;
    const first = grove(p.repo.root, ['attempt', 'start', 't1', '--agent', 'printer', '--follow', '--json']);
    const row = await waitFor(
      () => {
        const a = p.deps.attempts.latestForTask('t1');
        return a && a.stdout_offset > 0 ? a : undefined;
      },
      { what: 'grove to store some output', timeoutMs: 20_000 },
    );
    first.child.kill('SIGKILL');
    await first.done;
    const files = attemptFiles(row.log_dir, row.n);
    const sizeAtKill = statSync(files.stdout).size;
    expect(isSameProcess(row.pid!, row.process_start!)).toBe(true); // the agent outlived grove
    await waitFor(() => statSync(files.stdout).size > sizeAtKill, { what: 'the agent to keep printing' });
    expect(p.deps.attempts.require(row.id).ended_at).toBeNull();

    const restart = grove(p.repo.root, ['attempt', 'watch', '--json']);
    const { code, out } = await restart.done;
    expect(code).toBe(0);
    expect(out).toContain(`"ids":[${row.id}]`);
    expect(out).toContain('"outcome":"completed"');
    const texts = p.agentEvents(row.id).map((e) => e.text);
    expect(texts).toEqual(Array.from({ length: N }, (_, i) => `line ${i + 1}`));
    expect(p.deps.attempts.require(row.id)).toMatchObject({ outcome: 'completed', exit_code: 0 });
  }, 60_000);

  it('SIGKILL of grove while the scripted agent reports usage: token totals equal the script, counted once', async () => {
    const script = [
      'default_usage: { input: 0, output: 0 }',
      'steps:',
      '  - repeat: { times: 40, steps: [{ usage: { input: 1000, output: 10 } }, { sleep: 30 }] }',
      "  - result: { summary: 'spent' }",
      '',
    ].join('\n');
    project = await makeAgentProject({ agents: {}, files: { '.grove/scripts/t1.yaml': script } });
    const p = project;
    const usage = new UsageStore(p.ctx.db);
    const first = grove(p.repo.root, ['attempt', 'start', 't1', '--agent', 'scripted', '--follow']);
    const row = await waitFor(
      () => {
        const a = p.deps.attempts.latestForTask('t1');
        return a && usage.totalsForAttempt(a.id).input >= 5000 ? a : undefined;
      },
      { what: 'some usage stored', timeoutMs: 20_000 },
    );
    first.child.kill('SIGKILL');
    await first.done;
    expect(usage.totalsForAttempt(row.id).input).toBeLessThan(40_000); // killed part way
    expect(isSameProcess(row.pid!, row.process_start!)).toBe(true);

    const restart = grove(p.repo.root, ['attempt', 'watch', '--json']);
    const { out } = await restart.done;
    expect(out).toContain('"outcome":"completed"');
    expect(usage.totalsForAttempt(row.id)).toMatchObject({ input: 40_000, output: 400 });
  }, 60_000);

  it('an output flood beyond the cap rotates, grove reads with bounded memory, and the attempt completes', async () => {
    project = await makeAgentProject({
      agents: {
        flood: { bin: fixture('flood.sh'), args: [String(64 * 1024 * 1024), String(3 * 1024 * 1024)] },
      },
      attempts: { output_cap: 65_536 },
    });
    const p = project;
    const run = grove(p.repo.root, ['attempt', 'start', 't1', '--agent', 'flood', '--follow', '--json']);
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, peakRssKb(run.child.pid!))), 20);
    const { code, out } = await run.done;
    clearInterval(sampler);
    expect(out).toContain('"outcome":"completed"');
    expect(code).toBe(0);
    const row = p.deps.attempts.latestForTask('t1')!;
    const files = attemptFiles(row.log_dir, row.n);
    expect(listSegments(files.stdout)[0]).toBeGreaterThan(100); // rotated many times, old segments gone
    expect(row.stdout_offset).toBe(64 * 1024 * 1024 + 3 * 1024 * 1024 + 1 + 'flood done\n'.length);
    expect(p.agentEvents(row.id).at(-1)?.text).toBe('flood done');
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(200 * 1024); // KiB: far below the 67 MiB the agent printed plus node itself
    console.log(`flood: grove peak RSS ${Math.round(peak / 1024)} MiB while the agent printed 67 MiB`);
  }, 60_000);
});
