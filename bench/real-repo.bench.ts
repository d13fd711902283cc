// Issue 22's "real repository" row: seven tasks on a real TypeScript library with tsc and vitest gates,
// three of them owning the same file. The library is grove's own pure core (src/core and src/shared:
// about 150 files, 47 test files, zod; one test helper), copied into a fresh repository. Each task's agent is a `command`
// agent that makes a real change (a new function and its test) and commits it.
// grove: the real `grove run --no-dashboard` (bin/grove.js) with the defaults `grove init` writes, code
// and plan review `auto`. Baseline: the serial script a person would write: for each task, a branch from
// main, the same change, both gates, merge when they pass. Both start from the same repository.
// Prints each side's wall time and merged tasks, and `RATIO real-repo <wall per merged task, grove /
// serial>` (goal ≤ 0.5, with every task the serial script merges merged by grove too).
// Needs a built dist. Usage: node --import tsx bench/real-repo.bench.ts  (BENCH_ROUNDS, default 1;
// BENCH_REAL_GROVE_ONLY=1 runs grove's side alone, BENCH_KEEP=1 keeps its folder to look into)
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH_GIT_ENV, git, median } from './synthetic-repo.js';

const REPO = resolve(import.meta.dirname, '..');
const GROVE = join(REPO, 'bin', 'grove.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
/** BENCH_REAL_GROVE_ONLY=1: grove's side alone, to look at what it did (with BENCH_KEEP=1: its folder). */
const GROVE_ONLY = process.env.BENCH_REAL_GROVE_ONLY === '1';
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');
const VITEST = join(REPO, 'node_modules/vitest/vitest.mjs');
const GATES = {
  types: `node ${TSC} -p tsconfig.json --noEmit`,
  test: `node ${VITEST} run --reporter=dot`,
};

interface BenchTask {
  id: string;
  /** The library file the task adds its function to (three tasks share one). */
  file: string;
  fn: string;
}

// Each adds one small function to a core module and a test file of its own.
const TASKS: BenchTask[] = [
  { id: 'clamp', file: 'src/core/text.ts', fn: 'clampText' },
  { id: 'cents', file: 'src/core/cost.ts', fn: 'toCents' },
  { id: 'share', file: 'src/core/budget.ts', fn: 'budgetShare' },
  { id: 'idle', file: 'src/core/stuck.ts', fn: 'idleSeconds' },
  { id: 'depth', file: 'src/core/ownership.ts', fn: 'globDepth' },
  { id: 'prefix', file: 'src/core/ownership.ts', fn: 'commonPrefix' },
  { id: 'negated', file: 'src/core/ownership.ts', fn: 'isNegated' },
];

const BODIES: Record<string, { code: string; test: string }> = {
  clampText: {
    code: 'export function clampText(s: string, max: number): string {\n  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;\n}\n',
    test: "expect(clampText('abcdef', 4)).toBe('abc…');\n  expect(clampText('ab', 4)).toBe('ab');",
  },
  toCents: {
    code: 'export function toCents(usd: number): number {\n  return Math.round(usd * 100);\n}\n',
    test: 'expect(toCents(1.234)).toBe(123);\n  expect(toCents(0)).toBe(0);',
  },
  budgetShare: {
    code: 'export function budgetShare(spent: number, limit: number): number {\n  return limit <= 0 ? 1 : Math.min(1, spent / limit);\n}\n',
    test: 'expect(budgetShare(5, 10)).toBe(0.5);\n  expect(budgetShare(5, 0)).toBe(1);',
  },
  idleSeconds: {
    code: 'export function idleSeconds(lastEventMs: number, nowMs: number): number {\n  return Math.max(0, Math.floor((nowMs - lastEventMs) / 1000));\n}\n',
    test: 'expect(idleSeconds(1000, 4500)).toBe(3);\n  expect(idleSeconds(5000, 1000)).toBe(0);',
  },
  globDepth: {
    code: "export function globDepth(glob: string): number {\n  return glob.split('/').filter((part) => part !== '').length;\n}\n",
    test: "expect(globDepth('src/a/**')).toBe(3);\n  expect(globDepth('')).toBe(0);",
  },
  commonPrefix: {
    code: 'export function commonPrefix(a: string, b: string): string {\n  let i = 0;\n  while (i < a.length && i < b.length && a[i] === b[i]) i++;\n  return a.slice(0, i);\n}\n',
    test: "expect(commonPrefix('src/a', 'src/b')).toBe('src/');\n  expect(commonPrefix('x', 'y')).toBe('');",
  },
  isNegated: {
    code: "export function isNegated(glob: string): boolean {\n  return glob.startsWith('!');\n}\n",
    test: "expect(isNegated('!src/**')).toBe(true);\n  expect(isNegated('src/**')).toBe(false);",
  },
};

/** The shell lines that make a task's change (run by the task's agent, and by the serial script). */
function changeScript(task: BenchTask): string {
  const body = BODIES[task.fn]!;
  const module = task.file.replace(/^src\/core\//, './').replace(/\.ts$/, '.js');
  const testFile = `src/core/${task.id}.bench-task.test.ts`;
  const test =
    `import { describe, expect, it } from 'vitest';\nimport { ${task.fn} } from '${module}';\n\n` +
    `describe('${task.fn}', () => {\n  it('works', () => {\n  ${body.test}\n  });\n});\n`;
  return (
    `cat >> ${task.file} <<'GROVE_EOF'\n\n${body.code}GROVE_EOF\n` +
    `cat > ${testFile} <<'GROVE_EOF'\n${test}GROVE_EOF\n`
  );
}

/** The library in a fresh repository (its node_modules one folder up, shared by every worktree). */
function makeLibrary(): { parent: string; root: string } {
  const parent = mkdtempSync(join(tmpdir(), 'grove-bench-real-'));
  const root = join(parent, 'lib');
  symlinkSync(join(REPO, 'node_modules'), join(parent, 'node_modules'));
  for (const path of ['src/core', 'src/shared', 'test/helpers/scheduler-task.ts'])
    cpSync(join(REPO, path), join(root, path), { recursive: true });
  writeFileSync(
    join(root, 'package.json'),
    `${JSON.stringify({ name: 'grove-core-lib', private: true, type: 'module' }, null, 2)}\n`,
  );
  writeFileSync(
    join(root, 'tsconfig.json'),
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2023',
          lib: ['ES2023'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          verbatimModuleSyntax: true,
          skipLibCheck: true,
          types: ['node'],
          noEmit: true,
        },
        include: ['src', 'test'],
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(
    join(root, 'vitest.config.ts'),
    "export default { test: { include: ['src/**/*.test.ts'] } };\n",
  );
  writeFileSync(join(root, '.gitignore'), 'node_modules\n');
  mkdirSync(join(root, '.bench'));
  for (const task of TASKS) writeFileSync(join(root, '.bench', `${task.id}.sh`), changeScript(task));
  writeFileSync(
    join(root, '.bench', 'agent.sh'),
    'set -e\nsh ".bench/$GROVE_TASK_ID.sh"\ngit add -A\ngit commit -q -m "$GROVE_TASK_ID: the change"\n',
  );
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'commit.gpgsign', 'false');
  git(root, 'config', 'gc.auto', '0');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'the library');
  return { parent, root };
}

/** A shell line run in `cwd`, resolving to whether it exited 0 (its output is kept out of the way). */
function sh(cwd: string, line: string, env: NodeJS.ProcessEnv = BENCH_GIT_ENV): Promise<boolean> {
  return new Promise((done, fail) => {
    const child = spawn('sh', ['-c', line], { cwd, env, stdio: 'ignore' });
    child.on('error', fail);
    child.on('exit', (code) => done(code === 0));
  });
}

/** The tasks whose change is on main, as git shows it: the function in its file and the test beside it. */
function landedOnMain(root: string): string[] {
  return TASKS.filter((task) => {
    const code = git(root, 'show', `main:${task.file}`);
    const tests = git(root, 'ls-tree', '--name-only', 'main', `src/core/${task.id}.bench-task.test.ts`);
    return code.includes(`export function ${task.fn}(`) && tests.trim() !== '';
  }).map((task) => task.id);
}

function groveOut(root: string, args: string[]): string {
  return execFileSync(process.execPath, [GROVE, ...args], {
    cwd: root,
    env: BENCH_GIT_ENV,
    encoding: 'utf8',
  });
}

/** The serial script: one task at a time, a branch from main, the change, the gates, merge on a pass. */
async function serial(): Promise<{ wallS: number; merged: string[] }> {
  const { parent, root } = makeLibrary();
  try {
    const t0 = performance.now();
    for (const task of TASKS) {
      git(root, 'checkout', '-q', '-b', `task/${task.id}`, 'main');
      const env = { ...BENCH_GIT_ENV, GROVE_TASK_ID: task.id };
      const changed = await sh(root, 'sh .bench/agent.sh', env);
      const passed = changed && (await sh(root, GATES.types)) && (await sh(root, GATES.test));
      git(root, 'checkout', '-q', 'main');
      if (passed) git(root, 'merge', '-q', '--no-ff', '-m', `merge ${task.id}`, `task/${task.id}`);
    }
    return { wallS: (performance.now() - t0) / 1000, merged: landedOnMain(root) };
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

/** grove: the tasks as task files, the agent and the gates in the config, `grove run` until it ends. */
async function grove(): Promise<{ wallS: number; merged: string[]; exit: boolean }> {
  const { parent, root } = makeLibrary();
  try {
    mkdirSync(join(root, '.grove', 'tasks'), { recursive: true });
    writeFileSync(
      join(root, '.grove', 'config.yaml'),
      [
        'worktree_path: ../wt/{id}',
        'default_agent: bench',
        'agents:',
        '  bench: { adapter: command, bin: sh, args: [.bench/agent.sh] }',
        'gates:',
        `  types: ${JSON.stringify(GATES.types)}`,
        `  test: ${JSON.stringify(GATES.test)}`,
        'review: { code: auto, plan: auto }',
        '',
      ].join('\n'),
    );
    for (const task of TASKS) {
      const owns = [task.file, `src/core/${task.id}.bench-task.test.ts`];
      writeFileSync(
        join(root, '.grove', 'tasks', `${task.id}.md`),
        `---\nid: ${task.id}\ntitle: Add ${task.fn}\nowns: ${JSON.stringify(owns)}\n---\nAdd ${task.fn} to ${task.file}, with a test.\n`,
      );
    }
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'grove tasks');
    const t0 = performance.now();
    const exit = await sh(
      root,
      `${JSON.stringify(process.execPath)} ${JSON.stringify(GROVE)} run --no-dashboard`,
      {
        ...BENCH_GIT_ENV,
        NO_COLOR: '1',
      },
    );
    const wallS = (performance.now() - t0) / 1000;
    const report = JSON.parse(groveOut(root, ['report', '--json'])) as {
      totals: { gateRuns: number; queueTestRuns: number; attempts: number };
    };
    const { gateRuns, queueTestRuns, attempts } = report.totals;
    console.log(
      `  grove: ${attempts} attempts, ${gateRuns} worktree gate runs, ${queueTestRuns} queue test runs`,
    );
    return { wallS, merged: landedOnMain(root), exit };
  } finally {
    if (process.env.BENCH_KEEP) console.log(`  kept: ${root}`);
    else rmSync(parent, { recursive: true, force: true });
  }
}

const serialRuns: { wallS: number; merged: string[] }[] = [];
const groveRuns: { wallS: number; merged: string[]; exit: boolean }[] = [];
for (let round = 0; round < ROUNDS; round++) {
  if (GROVE_ONLY) {
    const g = await grove();
    console.log(`grove only: ${g.wallS.toFixed(1)} s, merged ${g.merged.join(', ') || 'none'}`);
    process.exit(g.merged.length === TASKS.length ? 0 : 1);
  }
  serialRuns.push(await serial());
  groveRuns.push(await grove());
}
const perTask = (r: { wallS: number; merged: string[] }): number => r.wallS / Math.max(1, r.merged.length);
console.log(
  `real repository: ${TASKS.length} tasks on grove's core library (tsc + vitest gates), ${ROUNDS} round(s)`,
);
for (const [i, s] of serialRuns.entries()) {
  const g = groveRuns[i]!;
  console.log(
    `  round ${i + 1}: serial ${s.wallS.toFixed(1)} s, merged ${s.merged.length}; grove ${g.wallS.toFixed(1)} s, merged ${g.merged.length}${g.exit ? '' : ' (grove run exited non-zero)'}`,
  );
}
const missing = serialRuns.flatMap((s, i) => s.merged.filter((id) => !groveRuns[i]!.merged.includes(id)));
const ratio = median(groveRuns.map(perTask)) / median(serialRuns.map(perTask));
console.log(
  `RATIO real-repo ${ratio.toFixed(2)} (wall per merged task, grove / serial; goal ≤ 0.5${missing.length ? `; NOT merged by grove: ${[...new Set(missing)].join(', ')}` : '; every task the serial script merged, grove merged'})`,
);
process.exitCode = missing.length === 0 ? 0 : 1;
