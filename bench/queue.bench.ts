// The real merge queue (src/app/queue) on a synthetic repo: 20 task branches, a test that sleeps T and
// fails when any bad branch is in the candidate (20%: breakage that shows only once integrated).
// Serial one-at-a-time integration (window 1, the baseline) against grove's speculative window, in the
// same process: with the queue keys as `grove init` writes them (none live: `auto`), and with a fixed
// window 8. Prints wall time in units of T, test runs, the window history and why, and the ratio.
// Run: node --import tsx bench/queue.bench.ts [n=20] [badShare=0.2] [T seconds=1]
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openProject } from '../src/app/context.js';
import { enqueueTask, integrateNow } from '../src/app/queue/index.js';
import { mulberry32 } from '../src/core/queue/index.js';
import { QueueStore } from '../src/infra/db/queue-store.js';
import { INIT_VALUES } from '../src/infra/spec/config-template.js';
import { git, makeSyntheticRepo } from './synthetic-repo.js';

const [n = 20, badShare = 0.2, T = 1] = process.argv.slice(2).map(Number);

/** Exactly round(n × badShare) bad branches, chosen by a seeded shuffle. */
function chooseBad(seed: number): Set<number> {
  const random = mulberry32(seed);
  const order = Array.from({ length: n }, (_, i) => i).sort(() => random() - 0.5);
  return new Set(order.slice(0, Math.round(n * badShare)));
}

interface ModeResult {
  name: string;
  wallS: number;
  testRuns: number;
  rounds: number;
  windows: number[];
  why: string[];
  merged: string[];
  rejected: string[];
  ok: boolean;
  problems: string[];
}

// `grove init` writes every queue key commented out: the schema's defaults apply.
if (Object.keys(INIT_VALUES).some((k) => k.startsWith('queue.')))
  throw new Error('grove init now writes queue keys: write them here too');

async function runMode(
  name: string,
  /** `queue:` as in the config; '' leaves it out (the defaults `grove init` writes). */
  queueYaml: string,
  bad: Set<number>,
): Promise<ModeResult> {
  const { parent, root } = makeSyntheticRepo(200);
  try {
    mkdirSync(join(root, '.grove'), { recursive: true });
    writeFileSync(
      join(root, '.grove/config.yaml'),
      `gates:\n  test: "sleep ${T} && test ! -d bad"\n${queueYaml ? `queue: ${queueYaml}\n` : ''}`,
    );
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'grove config');
    const first = git(root, 'rev-parse', 'main').trim();
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = `t${String(i).padStart(2, '0')}`;
      ids.push(id);
      git(root, 'checkout', '-q', '-b', `grove/${id}`, first);
      mkdirSync(join(root, 'tasks'), { recursive: true });
      writeFileSync(join(root, 'tasks', `${id}.txt`), `${id}\n`);
      if (bad.has(i)) {
        mkdirSync(join(root, 'bad'), { recursive: true });
        writeFileSync(join(root, 'bad', id), 'breaks the build once integrated\n');
      }
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '-m', `${id} work`);
      git(root, 'checkout', '-q', 'main');
    }
    const ctx = await openProject(root);
    try {
      for (const id of ids) {
        ctx.store.upsert(id, { title: `Task ${id}`, branch: `grove/${id}`, base: 'main' }, 'verified');
        enqueueTask(ctx, id, 'cli');
      }
      const started = performance.now();
      const report = await integrateNow(ctx);
      const wallS = (performance.now() - started) / 1000;
      const rounds = new QueueStore(ctx.db).rounds();
      const tested = rounds.flatMap((r) =>
        r.candidates.filter((c) => c.outcome === 'pass' || c.outcome === 'fail'),
      );
      const passed = new Set(tested.filter((c) => c.outcome === 'pass').map((c) => c.commit));
      const problems: string[] = [];
      const merged = report.merged.map((m) => m.taskId);
      const rejected = report.culprits.map((c) => c.taskId);
      ids.forEach((id, i) => {
        if (bad.has(i) && !rejected.includes(id)) problems.push(`bad ${id} not rejected`);
        if (!bad.has(i) && !merged.includes(id)) problems.push(`good ${id} not merged`);
      });
      const values = git(root, 'reflog', 'show', '--format=%H', 'refs/heads/main').trim().split('\n');
      for (const v of values) {
        if (v !== first && !passed.has(v) && v !== git(root, 'rev-parse', `${first}~1`).trim())
          problems.push(`main took untested value ${v.slice(0, 8)}`);
      }
      return {
        name,
        wallS,
        testRuns: tested.length,
        rounds: rounds.length,
        windows: rounds.map((r) => r.window),
        why: report.windows,
        merged,
        rejected,
        ok: problems.length === 0,
        problems,
      };
    } finally {
      ctx.close();
    }
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

const bad = chooseBad(7);
console.log(
  `merge queue (real git, real processes): N=${n}, bad=${bad.size} (${[...bad].sort((a, b) => a - b).join(',')}), T=${T}s`,
);
const results: ModeResult[] = [];
for (const [name, queueYaml] of [
  ['serial (window 1)', '{window: 1, parallel: 1}'],
  ['grove defaults (grove init: auto)', ''],
  ['grove window 8, max 8', '{window: 8, parallel: 8}'],
] as const) {
  const r = await runMode(name, queueYaml, bad);
  results.push(r);
  console.log(
    `${name.padEnd(34)} wall ${r.wallS.toFixed(1).padStart(5)} s = ${(r.wallS / T).toFixed(1).padStart(5)} T  rounds ${String(r.rounds).padStart(3)}  test runs ${String(r.testRuns).padStart(3)}  merged ${r.merged.length}  rejected ${r.rejected.length}  ${r.ok ? 'base green' : `PROBLEMS: ${r.problems.join('; ')}`}`,
  );
  console.log(`  window history: ${r.windows.join(' ')}`);
  if (queueYaml === '') for (const line of r.why) console.log(`  ${line}`);
}
const serial = results[0]!;
for (const r of results.slice(1)) {
  console.log(
    `RATIO queue ${r.name}: wall ${(r.wallS / serial.wallS).toFixed(2)}× serial (goal ≤ 0.4), test runs ${r.testRuns} vs ${serial.testRuns}`,
  );
}
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
