import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, loadTasks, validateProject } from '../../src/infra/spec/load.js';
import { GroveError, formatProblem } from '../../src/shared/errors.js';

const dirs: string[] = [];
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'grove-spec-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const task = (id: string, extra = '', owns = `src/${id}/**`): string =>
  `---\nid: ${id}\ntitle: Task ${id}\nowns: [${owns}]\n${extra}---\nDo ${id}.\n`;

async function thrown(p: Promise<unknown>): Promise<GroveError> {
  const e: unknown = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(GroveError);
  return e as GroveError;
}

describe('validateProject', () => {
  it('loads a good project: config, tasks sorted by id, no problems', async () => {
    const root = project({
      '.grove/config.yaml': 'wip: 2\n',
      '.grove/tasks/b.md': task('b', 'depends_on: [a]\n'),
      '.grove/tasks/a.md': task('a'),
      '.grove/tasks/.gitkeep': '',
    });
    const result = await validateProject(root);
    expect(result.problems).toEqual([]);
    expect(result.config?.wip).toBe(2);
    expect(result.tasks.map((t) => [t.id, t.file, t.body])).toEqual([
      ['a', '.grove/tasks/a.md', 'Do a.\n'],
      ['b', '.grove/tasks/b.md', 'Do b.\n'],
    ]);
  });

  it('collects every problem across files instead of stopping at the first', async () => {
    const root = project({
      '.grove/config.yaml': 'wpi: 3\n',
      '.grove/tasks/a.md': task('a', 'depends_on: [c]\n'),
      '.grove/tasks/b.md': task('b', 'depends_on: [nope]\n'),
      '.grove/tasks/c.md': task('c', 'depends_on: [a]\n'),
      '.grove/tasks/d.md': task('d', 'agent: gemni\n'),
      '.grove/tasks/notes.txt': 'not a task',
    });
    const result = await validateProject(root);
    expect(result.problems.map(formatProblem)).toEqual([
      '.grove/config.yaml:1: wpi: unknown key `wpi`; did you mean `wip`?',
      '.grove/tasks/a.md:5: depends_on: dependency cycle: a → c → a — remove one of these dependencies so the tasks can be ordered',
      '.grove/tasks/b.md:5: depends_on[0]: unknown task `nope` — depend on a task that has a file in .grove/tasks/ (a, b, c)',
      '.grove/tasks/d.md:5: agent: unknown agent `gemni`; did you mean `gemini`? — use one of claude, codex, gemini, scripted, or define it under `agents` in .grove/config.yaml',
      '.grove/tasks/notes.txt:1: ignored: task files end in `.md` — rename it to notes.md if it is a task',
    ]);
    expect(result.config).toBeUndefined();
    expect(result.tasks).toEqual([]);
  });

  it('does not call a dependency unknown when its file exists but has errors', async () => {
    const root = project({
      '.grove/config.yaml': '',
      '.grove/tasks/a.md': '---\nid: a\n---\n',
      '.grove/tasks/b.md': task('b', 'depends_on: [a]\n'),
    });
    const result = await validateProject(root);
    expect(result.problems.map((p) => p.file)).toEqual(['.grove/tasks/a.md', '.grove/tasks/a.md']);
  });

  it('with run_overlapping on, warns about tasks that may run together and own the same paths, naming both and the globs', async () => {
    const root = project({
      '.grove/config.yaml': 'run_overlapping: true\n',
      '.grove/tasks/api.md': task('api', '', '"src/api/**/*.ts"'),
      '.grove/tasks/ui.md': task('ui', '', '"src/**/*.ts"'),
      '.grove/tasks/docs.md': task('docs', 'depends_on: [api]\n', 'src/api/README.md'),
      '.grove/tasks/css.md': task('css', '', '"src/**/*.css"'),
    });
    const result = await validateProject(root);
    expect(result.problems.map(formatProblem)).toEqual([
      '.grove/tasks/ui.md:4: owns: api and ui may run at the same time (run_overlapping is on) and own overlapping paths: `src/api/**/*.ts` ~ `src/**/*.ts` (both match src/api/x.ts) — narrow the globs, make one task depend on the other (e.g. `depends_on: [api]` in ui), or turn run_overlapping off so they run in turn',
    ]);
    expect(result.problems[0]?.severity).toBe('warning');
    // docs depends on api: never together. css vs ui: suffixes differ. docs vs ui: README.md is no .ts.
    expect(result.tasks).toHaveLength(4);
  });

  it('with run_overlapping off (the default), overlapping tasks run in turn: no warning', async () => {
    const root = project({
      '.grove/config.yaml': '',
      '.grove/tasks/api.md': task('api', '', '"src/api/**/*.ts"'),
      '.grove/tasks/ui.md': task('ui', '', '"src/**/*.ts"'),
    });
    expect((await validateProject(root)).problems).toEqual([]);
  });

  it('refuses a task file that is a symlink out of the repository', async () => {
    const outside = project({ 'evil.md': task('evil') });
    const root = project({ '.grove/config.yaml': '' });
    mkdirSync(join(root, '.grove/tasks'), { recursive: true });
    symlinkSync(join(outside, 'evil.md'), join(root, '.grove/tasks/evil.md'));
    symlinkSync(join(root, 'inside.md'), join(root, '.grove/tasks/dangling.md'));
    const result = await validateProject(root);
    expect(result.problems.map(formatProblem)).toEqual([
      '.grove/tasks/dangling.md:1: a symlink to a file that does not exist — replace the link with the task file itself',
      expect.stringMatching(
        /^\.grove\/tasks\/evil\.md:1: a symlink to .*evil\.md, outside the repository — task files must live in the repository/,
      ),
    ]);
  });

  it('says how to start when there is no .grove', async () => {
    const e = await thrown(validateProject(project({})));
    expect(e.code).toBe('NOT_INITIALISED');
    expect(e.hint).toContain('grove init');
  });
});

describe('loadConfig / loadTasks', () => {
  it('throw with every problem, one per line', async () => {
    const root = project({
      '.grove/config.yaml': 'wpi: 3\nwip: 0\n',
      '.grove/tasks/a.md': task('a', 'priority: x\n'),
    });
    const c = await thrown(loadConfig(root));
    expect(c.code).toBe('CONFIG_INVALID');
    expect(c.message).toBe(
      '.grove/config.yaml: 2 problems\n.grove/config.yaml:1: wpi: unknown key `wpi`; did you mean `wip`?\n.grove/config.yaml:2: wip: must be at least 1, got 0 — write e.g. `wip: 3`',
    );
    writeFileSync(join(root, '.grove/config.yaml'), 'wip: 1\n');
    const t = await thrown(loadTasks(root));
    expect(t.code).toBe('TASK_INVALID');
    expect(t.message).toBe(
      'the task files: 1 problem\n.grove/tasks/a.md:5: priority: expected a number, got the text "x" — write e.g. `priority: 0`',
    );
  });

  it('loadConfig needs the file; loadTasks uses defaults without one', async () => {
    const root = project({ '.grove/tasks/a.md': task('a') });
    expect((await thrown(loadConfig(root))).code).toBe('NOT_INITIALISED');
    expect((await loadTasks(root)).map((t) => t.id)).toEqual(['a']);
    expect(await loadTasks(project({}))).toEqual([]);
  });

  it('refuse a config that is not UTF-8 with file:line (it was decoded to U+FFFD silently)', async () => {
    const root = project({ '.grove/tasks/a.md': task('a') });
    writeFileSync(
      join(root, '.grove/config.yaml'),
      Buffer.from([...Buffer.from('wip: 2\nbase: ma'), 0xff, 0x0a]),
    );
    const c = await thrown(loadConfig(root));
    expect(c.code).toBe('CONFIG_INVALID');
    expect(c.message).toContain('.grove/config.yaml:2: is not valid UTF-8 (byte 9 of the line)');
    expect((await thrown(loadTasks(root))).code).toBe('CONFIG_INVALID');
    const v = await validateProject(root);
    expect(v.config).toBeUndefined();
    expect(v.problems.map(formatProblem)).toEqual([
      expect.stringContaining('.grove/config.yaml:2: is not valid UTF-8'),
    ]);
  });

  it('loadTasks ignores overlap warnings', async () => {
    const root = project({
      '.grove/config.yaml': '',
      '.grove/tasks/a.md': task('a', '', 'src/**'),
      '.grove/tasks/b.md': task('b', '', 'src/**'),
    });
    expect((await loadTasks(root)).map((t) => t.id)).toEqual(['a', 'b']);
  });
});

describe('validateProject with unreadable paths', () => {
  it('reports .grove/tasks that is a file instead of crashing', async () => {
    const root = project({ '.grove/config.yaml': '', '.grove/tasks': 'oops' });
    const result = await validateProject(root);
    expect(result.problems.map(formatProblem)).toEqual([
      '.grove/tasks:1: .grove/tasks is not a folder — task files live in the folder .grove/tasks/',
    ]);
  });

  it('reports a task path that is a folder ending in .md as unreadable, not a crash', async () => {
    const root = project({
      '.grove/config.yaml': '',
      '.grove/tasks/a.md/inner.txt': 'x',
      '.grove/tasks/b.md': task('b'),
    });
    const result = await validateProject(root);
    expect(result.tasks.map((t) => t.id)).toEqual(['b']);
  });
});
