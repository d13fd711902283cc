// `grove init` then `grove plan` in real temp repositories, through the real bin.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/infra/db/open.js';
import { TaskStore } from '../../src/infra/db/task-store.js';
import type { TempRepo } from '../helpers/git-repo.js';
import { makeTempRepo } from '../helpers/git-repo.js';

const BIN = join(import.meta.dirname, '../../bin/grove.js');
const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

function grove(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function repo(files?: Record<string, string>): TempRepo {
  const r = makeTempRepo({ files });
  repos.push(r);
  return r;
}

const task = (id: string, extra = ''): string =>
  `---\nid: ${id}\ntitle: Task ${id}\nowns: [src/${id}/**]\n${extra}---\nBody.\n`;

function stateRows(
  r: TempRepo,
): Array<{ id: string; title: string; state: string; agent: string | null; priority: number }> {
  const db = openDatabase(join(r.root, '.git/grove/grove.db'));
  try {
    return new TaskStore(db)
      .list()
      .map(({ id, title, state, agent, priority }) => ({ id, title, state, agent, priority }));
  } finally {
    db.close();
  }
}

describe('grove init + grove plan', () => {
  it('init writes a valid project that plan accepts and loads into the state', () => {
    const r = repo({ 'CLAUDE.md': '# Notes\n' });
    const init = grove(r.root, 'init');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('Next steps:');
    const config = readFileSync(join(r.root, '.grove/config.yaml'), 'utf8');
    // grove is installed outside this repository: no `$schema` comment naming this machine's folders
    // (test/app/init-project.test.ts has the case of grove inside the repository).
    expect(config).not.toContain('$schema=');
    expect(config).toContain('# wip: 3');
    expect(readFileSync(join(r.root, 'AGENTS.md'), 'utf8')).toMatch(
      /## STYLE[\s\S]*## GOTCHAS[\s\S]*## ARCH_DECISIONS[\s\S]*## TEST_STRATEGY/,
    );
    expect(readFileSync(join(r.root, 'CLAUDE.md'), 'utf8')).toBe('# Notes\n@AGENTS.md\n');

    const plan = grove(r.root, 'plan');
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Wave 1:\n  example  Write a short CONTRIBUTING guide');
    expect(plan.stdout).toContain('State: 1 new (planned), 0 updated, 0 unchanged.');
    expect(stateRows(r)).toEqual([
      {
        id: 'example',
        title: 'Write a short CONTRIBUTING guide',
        state: 'planned',
        agent: 'scripted',
        priority: 0,
      },
    ]);
  });

  it('init refuses to overwrite without --force and never touches an existing AGENTS.md', () => {
    const r = repo({ 'AGENTS.md': 'mine\n' });
    expect(grove(r.root, 'init').code).toBe(0);
    writeFileSync(join(r.root, '.grove/config.yaml'), 'wip: 5\n');
    const again = grove(r.root, 'init');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('.grove/config.yaml and .grove/tasks/example.md already exist');
    expect(again.stderr).toContain('--force');
    expect(readFileSync(join(r.root, '.grove/config.yaml'), 'utf8')).toBe('wip: 5\n');
    expect(grove(r.root, 'init', '--force').code).toBe(0);
    expect(readFileSync(join(r.root, '.grove/config.yaml'), 'utf8')).toContain('# wip: 3');
    expect(readFileSync(join(r.root, 'AGENTS.md'), 'utf8')).toBe('mine\n');
  });

  it('plan shows waves, syncs changes, reports vanished files, and exits 3 on errors with file:line', () => {
    const r = repo({
      '.grove/config.yaml': 'default_agent: claude\n',
      '.grove/tasks/model.md': task('model'),
      '.grove/tasks/api.md': task('api', 'depends_on: [model]\npriority: 2\n'),
      '.grove/tasks/ui.md': task('ui', 'depends_on: [model]\n'),
    });
    const first = grove(r.root, 'plan', '--json');
    expect(first.code).toBe(0);
    const json = JSON.parse(first.stdout) as { ok: boolean; waves: string[][]; sync: { created: string[] } };
    expect(json.ok).toBe(true);
    expect(json.waves).toEqual([['model'], ['api', 'ui']]);
    expect(json.sync.created).toEqual(['api', 'model', 'ui']);

    writeFileSync(
      join(r.root, '.grove/tasks/api.md'),
      task('api', 'depends_on: [model]\npriority: 5\n').replace('Task api', 'The API'),
    );
    rmSync(join(r.root, '.grove/tasks/ui.md'));
    const second = grove(r.root, 'plan');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Wave 2:\n  api  The API  ← after model');
    expect(second.stdout).toContain('State: 0 new (planned), 1 updated, 1 unchanged.');
    expect(second.stdout).toContain('updated api: title, priority');
    expect(second.stdout).toContain('No file any more (left in the state, not deleted): ui (planned)');
    expect(stateRows(r).map((t) => [t.id, t.title, t.priority, t.agent])).toEqual([
      ['api', 'The API', 5, 'claude'],
      ['model', 'Task model', 0, 'claude'],
      ['ui', 'Task ui', 0, 'claude'],
    ]);

    writeFileSync(join(r.root, '.grove/tasks/api.md'), task('api', 'depends_on: [modle]\n'));
    const bad = grove(r.root, 'plan');
    expect(bad.code).toBe(3);
    expect(bad.stdout).toContain(
      '.grove/tasks/api.md:5: depends_on[0]: unknown task `modle`; did you mean `model`? — depend on a task that has a file in .grove/tasks/ (api, model)',
    );
    expect(bad.stdout).toContain('The state was not updated');
    expect(stateRows(r).find((t) => t.id === 'api')?.title).toBe('The API');
  });

  it('task new writes a valid task with a safe id, never overwriting', () => {
    const r = repo();
    expect(grove(r.root, 'init').code).toBe(0);
    const made = grove(
      r.root,
      'task',
      'new',
      'Add a "login" form; rm -rf /',
      '--owns',
      'src/login/**',
      '--json',
    );
    expect(made.code).toBe(0);
    expect(JSON.parse(made.stdout)).toEqual({
      id: 'add-a-login-form-rm-rf',
      file: '.grove/tasks/add-a-login-form-rm-rf.md',
    });
    const again = grove(
      r.root,
      'task',
      'new',
      'Add a "login" form; rm -rf /',
      '--owns',
      'src/other/**',
      '--json',
    );
    expect(JSON.parse(again.stdout)).toMatchObject({ id: 'add-a-login-form-rm-rf-2' });
    const bad = grove(r.root, 'task', 'new', 'x', '--id', '../evil');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'is not a valid task id: a task id is 1–63 lowercase letters, digits and dashes',
    );
    const plan = grove(r.root, 'plan', '--json');
    expect(plan.code).toBe(0);
    expect(
      (JSON.parse(plan.stdout) as { tasks: Array<{ id: string; title: string }> }).tasks.map((t) => t.title),
    ).toEqual([
      'Add a "login" form; rm -rf /',
      'Add a "login" form; rm -rf /',
      'Write a short CONTRIBUTING guide',
    ]);
  });

  it('says what to do outside a repository and before init', () => {
    const r = repo();
    const before = grove(r.root, 'plan');
    expect(before.code).toBe(5);
    expect(before.stderr).toBe(`grove: no .grove/config.yaml in ${r.root}\n  run \`grove init\` first\n`);
    const outside = grove(r.parent, 'plan');
    expect(outside.code).toBe(5);
    expect(outside.stderr).toContain('is not inside a git repository');
    expect(outside.stderr).not.toContain('    at ');
  });
});
