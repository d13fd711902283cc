// `grove init` writes files that are committed and shared: they must not name this machine's folders.
// The real bin, in real temp repositories: once with grove installed elsewhere (this checkout), once
// with a copy of grove installed inside the repository's node_modules.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TempRepo } from '../helpers/git-repo.js';
import { GIT_TEST_ENV, makeTempRepo } from '../helpers/git-repo.js';

const GROVE = resolve(import.meta.dirname, '../..');
const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

function init(bin: string, cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, 'init'], {
    cwd,
    env: GIT_TEST_ENV,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file grove init wrote or changed, with its text. */
function written(r: TempRepo): Map<string, string> {
  const files = r
    .git('ls-files', '--others', '--modified', '--exclude-standard')
    .split('\n')
    .filter((f) => f !== '');
  return new Map(files.map((f) => [f, readFileSync(join(r.root, f), 'utf8')]));
}

/** grove installed inside `r` as node_modules/grove (a copy; its dependencies from this checkout). */
function installInside(r: TempRepo): string {
  const pkg = join(r.root, 'node_modules', 'grove');
  for (const dir of ['bin', 'dist', 'schema']) mkdirSync(join(pkg, dir), { recursive: true });
  for (const f of [
    'package.json',
    'bin/grove.js',
    'dist/cli.js',
    'schema/config.schema.json',
    'schema/task.schema.json',
  ])
    copyFileSync(join(GROVE, f), join(pkg, f));
  cpSync(join(GROVE, 'dist', 'chunks'), join(pkg, 'dist', 'chunks'), { recursive: true }); // the commands
  symlinkSync(realpathSync(join(GROVE, 'node_modules')), join(pkg, 'node_modules'));
  r.write({ '.gitignore': 'node_modules/\n' });
  r.commit('ignore node_modules');
  return join(pkg, 'bin', 'grove.js');
}

describe('grove init and the schema reference', () => {
  it('with grove installed outside the repository, writes no absolute or machine-specific path', () => {
    const r = makeTempRepo({ files: { 'CLAUDE.md': '# Notes\n' } });
    repos.push(r);
    const result = init(join(GROVE, 'bin', 'grove.js'), r.root);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const files = written(r);
    expect([...files.keys()].sort()).toEqual([
      '.grove/config.yaml',
      '.grove/tasks/example.md',
      'AGENTS.md',
      'CLAUDE.md',
    ]);
    const local = [r.root, realpathSync(r.root), r.parent, GROVE, realpathSync(GROVE)];
    for (const [file, text] of files) {
      expect(text, file).not.toMatch(/\$schema=\//);
      expect(text, file).not.toMatch(/\$schema=(\.\.\/)*\.\.\//);
      for (const path of local) expect(text, `${file} names ${path}`).not.toContain(path);
    }
    // The files still load: the comment is simply left out.
    expect(files.get('.grove/config.yaml')).not.toContain('yaml-language-server');
    expect(files.get('.grove/tasks/example.md')).not.toContain('yaml-language-server');
    expect(files.get('.grove/tasks/example.md')).toMatch(/^---\n# A task:/);
  });

  it('with grove installed in node_modules, the comment is a path relative to .grove/', () => {
    const r = makeTempRepo();
    repos.push(r);
    const bin = installInside(r);
    const result = init(bin, r.root);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const config = readFileSync(join(r.root, '.grove/config.yaml'), 'utf8');
    expect(config).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/node_modules\/grove\/schema\/config\.schema\.json\n/,
    );
    const task = readFileSync(join(r.root, '.grove/tasks/example.md'), 'utf8');
    expect(task).toMatch(
      /^---\n# yaml-language-server: \$schema=\.\.\/node_modules\/grove\/schema\/task\.schema\.json\n/,
    );
    for (const text of [config, task]) {
      expect(text).not.toContain(r.root);
      expect(text).not.toContain(GROVE);
    }
  });
});
