import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyPaths } from '../../src/infra/fs/copy-tree.js';
import { selectCopyPaths } from '../../src/infra/fs/select-copy.js';
import type { TempRepo } from '../helpers/git-repo.js';
import { makeTempRepo } from '../helpers/git-repo.js';

let repo: TempRepo;
beforeEach(() => {
  repo = makeTempRepo({
    files: {
      '.gitignore': '.env*\nnode_modules/\ndist/\nconfig/*.local\n.grove-wt/\n',
      'config/app.json': '{}\n',
    },
  });
  repo.write({
    '.env': 'SECRET=1\n',
    '.env.local': 'X=2\n',
    'node_modules/pkg/index.js': 'module.exports = 1;\n',
    'node_modules/pkg/bin/run': '#!/bin/sh\n',
    'dist/out.js': 'built\n',
    'config/db.local': 'db\n',
    '.grove-wt/a/file': 'another worktree\n',
  });
});
afterEach(() => repo.cleanup());

describe('selectCopyPaths', () => {
  it('selects ignored paths named by .worktreeinclude and config copy, folders whole, never tracked files', async () => {
    repo.write({ '.worktreeinclude': '# copied into new worktrees\n.env*\nconfig/*.local\n' });
    const paths = await selectCopyPaths(
      repo.root,
      ['node_modules', 'config/app.json', '.grove-wt'],
      ['.grove-wt'],
    );
    expect(paths.sort()).toEqual(['.env', '.env.local', 'config/db.local', 'node_modules']);
  });
  it('selects nothing without patterns', async () => {
    expect(await selectCopyPaths(repo.root, [])).toEqual([]);
  });
});

describe('copyPaths', () => {
  it('copies files (not hardlinks), keeps 0600 and exec modes, copies symlinks as symlinks', async () => {
    chmodSync(join(repo.root, '.env'), 0o600);
    chmodSync(join(repo.root, 'node_modules/pkg/bin/run'), 0o755);
    symlinkSync('../pkg/index.js', join(repo.root, 'node_modules/pkg/link.js'));
    const to = join(repo.parent, 'dest');
    mkdirSync(to);
    const result = await copyPaths(repo.root, to, ['.env', 'node_modules'], { concurrency: 2 });
    expect(result).toMatchObject({ files: 3, symlinks: 1, dirs: 3 });
    expect(['reflink', 'copy']).toContain(result.method);
    expect(statSync(join(to, '.env')).mode & 0o777).toBe(0o600);
    expect(statSync(join(to, 'node_modules/pkg/bin/run')).mode & 0o777).toBe(0o755);
    expect(readlinkSync(join(to, 'node_modules/pkg/link.js'))).toBe('../pkg/index.js');
    expect(lstatSync(join(to, 'node_modules/pkg/link.js')).isSymbolicLink()).toBe(true);
    const src = statSync(join(repo.root, 'node_modules/pkg/index.js'));
    const dst = statSync(join(to, 'node_modules/pkg/index.js'));
    expect(dst.ino).not.toBe(src.ino);
    expect(dst.nlink).toBe(1);
    writeFileSync(join(to, 'node_modules/pkg/index.js'), 'edited\n');
    expect(readFileSync(join(repo.root, 'node_modules/pkg/index.js'), 'utf8')).toBe('module.exports = 1;\n');
  });

  it('fails with COPY_FAILED naming the path when the destination cannot be written', async () => {
    // A file where the destination folder should be: fails for root too (unlike a read-only folder).
    const to = join(repo.parent, 'not-a-folder');
    writeFileSync(to, 'x');
    await expect(copyPaths(repo.root, to, ['node_modules'])).rejects.toMatchObject({
      code: 'COPY_FAILED',
      message: expect.stringContaining('node_modules') as unknown,
    });
  });
});
