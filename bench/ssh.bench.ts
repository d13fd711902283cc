// Agents on SSH hosts vs on this machine: 12 tasks spread over 3 real sshd hosts (network namespaces
// made here, `wip: 4` each, tasks `host: any`) by the real `grove run`, and the same 12 tasks run here
// (wip 12) as the baseline in the same process. Each task's agent prints EVENTS timestamped lines
// (test/fixtures/agents/timestamps.sh), commits a file and exits. Prints per task the start cost
// (attempt recorded → the agent's first line, which includes bringing the base commit to the host and
// making its worktree there) and the event lag (line written → stored here) p95, and the SSH overhead:
// goal ≤ 1 s extra per task start and lag p95 ≤ 500 ms over SSH.
// Needs root, `ip`, sshd (openssh-server) and a built dist. Usage: node --import tsx bench/ssh.bench.ts
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { openDatabase } from '../src/infra/db/open.js';
import { makeGroveProject } from '../test/helpers/grove-project.js';
import type { SshHost } from '../test/helpers/ssh-host.js';
import { hostConfig, sshHostMissing, startSshHost } from '../test/helpers/ssh-host.js';

const TASKS = Number(process.env.BENCH_TASKS ?? 12);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 3);
const EVENTS = Number(process.env.EVENTS ?? 200);
const timestamps = resolve('test/fixtures/agents/timestamps.sh');
const AGENT = [
  `${timestamps} ${EVENTS} 20 20`,
  'mkdir -p "src/$GROVE_TASK_ID" && echo done > "src/$GROVE_TASK_ID/a.txt"',
  'git add src && git commit -qm "$GROVE_TASK_ID"',
].join('\n');

interface Figures {
  wallMs: number;
  merged: number;
  /** Per task: attempt recorded → first line written by the agent. */
  startMs: number[];
  /** Every line: written → stored. */
  lagMs: number[];
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

function runOnce(hosts: readonly SshHost[]): Figures {
  const root = mkdtempSync(join(tmpdir(), 'grove-bench-ssh-root-'));
  const remote = hosts.length > 0;
  const config = {
    wip: TASKS,
    default_agent: 'ts',
    agents: { ts: { adapter: 'command', bin: 'sh', args: ['-c', AGENT, 'sh'] } },
    ...(remote
      ? {
          hosts: Object.fromEntries(
            hosts.map((h, i) => [
              `box${i + 1}`,
              hostConfig(h, join(root, `box${i + 1}`), { wip: Math.ceil(TASKS / hosts.length) }),
            ]),
          ),
        }
      : {}),
  };
  const files: Record<string, string> = { '.grove/config.yaml': stringify(config), 'README.md': 'x\n' };
  for (let i = 1; i <= TASKS; i++)
    files[`.grove/tasks/t${i}.md`] =
      `---\nid: t${i}\ntitle: Task ${i}\nowns: ["src/t${i}/**"]\n${remote ? 'host: any\n' : ''}---\nDo it.\n`;
  const project = makeGroveProject({ files });
  try {
    const t0 = performance.now();
    const run = project.grove('run', '--no-dashboard');
    const wallMs = performance.now() - t0;
    if (run.code !== 0) throw new Error(`grove run failed (${run.code}): ${run.stdout}${run.stderr}`);
    const db = openDatabase(join(project.root, '.git', 'grove', 'grove.db'));
    try {
      const rows = db
        .prepare(
          "SELECT task_id, at, json_extract(data, '$.event.text') AS text FROM events WHERE type = 'agent'",
        )
        .all() as Array<{ task_id: string; at: number; text: string }>;
      const lines = rows.flatMap((r) => {
        try {
          const t = (JSON.parse(r.text) as { t?: number }).t;
          return typeof t === 'number' ? [{ task: r.task_id, at: r.at, t }] : [];
        } catch {
          return [];
        }
      });
      const attempts = db.prepare('SELECT task_id, started_at FROM attempts').all() as Array<{
        task_id: string;
        started_at: number;
      }>;
      const startMs = attempts.map((a) => {
        const first = Math.min(...lines.filter((l) => l.task === a.task_id).map((l) => l.t));
        return first - a.started_at;
      });
      const merged = (
        db.prepare("SELECT COUNT(*) AS n FROM tasks WHERE state IN ('merged', 'cleaned')").get() as {
          n: number;
        }
      ).n;
      return { wallMs, merged, startMs, lagMs: lines.map((l) => l.at - l.t) };
    } finally {
      db.close();
    }
  } finally {
    project.cleanup();
  }
}

const missing = sshHostMissing();
if (missing) {
  console.log(`SKIP ssh bench: ${missing}`);
  process.exit(0);
}
const hosts = await Promise.all(Array.from({ length: HOSTS }, () => startSshHost()));
try {
  const local = runOnce([]);
  const ssh = runOnce(hosts);
  const show = (name: string, f: Figures): void =>
    console.log(
      `${name}: ${f.merged}/${TASKS} merged in ${Math.round(f.wallMs)} ms; start per task mean ${Math.round(mean(f.startMs))} ms (max ${Math.max(...f.startMs)}); lag p50 ${pct(f.lagMs, 50)} ms, p95 ${pct(f.lagMs, 95)} ms over ${f.lagMs.length} lines`,
    );
  show(`local (${TASKS} tasks)`, local);
  show(`ssh (${TASKS} tasks over ${HOSTS} hosts)`, ssh);
  const extra = mean(ssh.startMs) - mean(local.startMs);
  const lag = pct(ssh.lagMs, 95);
  console.log(
    `RATIO ssh task start vs local: ${(mean(ssh.startMs) / Math.max(1, mean(local.startMs))).toFixed(2)}× (${Math.round(extra)} ms extra per task; goal ≤ 1000 ms: ${extra <= 1000 ? 'met' : 'not met'})`,
  );
  console.log(
    `RATIO ssh event lag p95 vs local: ${(lag / Math.max(1, pct(local.lagMs, 95))).toFixed(2)}× (${lag} ms; goal ≤ 500 ms: ${lag <= 500 ? 'met' : 'not met'})`,
  );
  if (ssh.merged !== TASKS || local.merged !== TASKS) process.exitCode = 1;
} finally {
  await Promise.all(hosts.map((h) => h.close()));
}
