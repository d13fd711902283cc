import {
  chmodSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyPaths } from '../../src/infra/fs/copy-tree.js';
import { hasGnuCp } from '../../src/infra/fs/copy-cp.js';

interface Entry {
  path: string;
  kind: 'file' | 'dir' | 'symlink';
  mode: number;
  content?: string;
  target?: string;
  mtimeMs?: number;
}

/** Every entry under `root`, sorted: kind, permission bits, content or link target, mtime of files and links. */
function describeTree(root: string): Entry[] {
  const out: Entry[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const abs = join(root, path);
      const st = lstatSync(abs);
      const mode = st.mode & 0o7777;
      if (st.isSymbolicLink())
        out.push({ path, kind: 'symlink', mode: 0, target: readlinkSync(abs), mtimeMs: st.mtimeMs });
      else if (st.isDirectory()) {
        out.push({ path, kind: 'dir', mode, mtimeMs: st.mtimeMs });
        walk(path);
      } else
        out.push({
          path,
          kind: 'file',
          mode,
          content: readFileSync(abs, 'utf8'),
          mtimeMs: st.mtimeMs,
        });
    }
  };
  walk('');
  return out;
}

let root: string;
let from: string;
let to: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'grove-copy-engines-'));
  from = join(root, 'from');
  to = join(root, 'to');
  mkdirSync(to, { recursive: true });
  const nm = join(from, 'node_modules');
  for (let p = 0; p < 30; p++) {
    mkdirSync(join(nm, `pkg${p}/lib/deep/er`), { recursive: true });
    writeFileSync(join(nm, `pkg${p}/index.js`), `module.exports = ${p};\n`);
    writeFileSync(join(nm, `pkg${p}/lib/deep/er/x.js`), `// ${'x'.repeat(p * 100)}\n`);
  }
  mkdirSync(join(nm, '.bin'));
  writeFileSync(join(nm, 'pkg0/cli.js'), '#!/usr/bin/env node\n');
  chmodSync(join(nm, 'pkg0/cli.js'), 0o755);
  symlinkSync('../pkg0/cli.js', join(nm, '.bin/cli'));
  symlinkSync('pkg1', join(nm, 'alias')); // a symlink to a folder stays a symlink
  symlinkSync('does-not-exist', join(nm, 'dangling'));
  mkdirSync(join(nm, 'empty'));
  mkdirSync(join(nm, 'private'));
  writeFileSync(join(nm, 'private/key'), 'k\n');
  chmodSync(join(nm, 'private/key'), 0o600);
  chmodSync(join(nm, 'private'), 0o700);
  linkSync(join(nm, 'pkg2/index.js'), join(nm, 'pkg3/hardlinked.js')); // hard links in the source
  writeFileSync(join(from, '.env'), 'SECRET=1\n');
  chmodSync(join(from, '.env'), 0o600);
  mkdirSync(join(from, 'config'));
  writeFileSync(join(from, 'config/db.local'), 'db\n');
  const old = new Date('2020-01-02T03:04:05Z');
  utimesSync(join(nm, 'pkg5/index.js'), old, old);
  utimesSync(join(nm, 'pkg5'), old, old);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const paths = ['node_modules', '.env', 'config/db.local'];

describe.each(['cp', 'node'] as const)('copyPaths with the %s engine', (engine) => {
  it('makes a tree equal to the source: kinds, modes, contents, symlinks as symlinks, no hard links', async (t) => {
    if (engine === 'cp' && !(await hasGnuCp())) t.skip();
    const result = await copyPaths(from, to, paths, { engine });
    const source = describeTree(from);
    const copy = describeTree(to);
    const strip = (entries: Entry[]) => entries.map(({ mtimeMs: _m, ...rest }) => rest);
    expect(strip(copy)).toEqual(strip(source));
    expect(result).toMatchObject({ files: 65, symlinks: 3, dirs: 1 + 30 * 4 + 3 });
    expect(['reflink', 'copy']).toContain(result.method);
    for (const rel of ['node_modules/pkg2/index.js', 'node_modules/pkg3/hardlinked.js']) {
      const st = lstatSync(join(to, rel));
      expect(st.nlink).toBe(1);
      expect(st.ino).not.toBe(lstatSync(join(from, rel)).ino);
    }
    expect(readdirSync(to).sort()).toEqual(['.env', 'config', 'node_modules']); // no probe left behind
    if (engine === 'cp') {
      // cp keeps modification times too (folders' to the microsecond utimes can set).
      // `config` itself is not copied, only made to hold config/db.local.
      for (const [i, e] of copy.entries()) {
        if (e.path === 'config') continue;
        expect(Math.abs(e.mtimeMs! - source[i]!.mtimeMs!), e.path).toBeLessThan(0.01);
      }
    }
  });
});

describe('copyPaths with cp', () => {
  it('fails with COPY_FAILED naming the path when cp cannot write', async (t) => {
    if (!(await hasGnuCp())) t.skip();
    mkdirSync(join(to, 'node_modules'));
    writeFileSync(join(to, 'node_modules/pkg4'), 'a file where a folder goes');
    await expect(copyPaths(from, to, ['node_modules'], { engine: 'cp' })).rejects.toMatchObject({
      code: 'COPY_FAILED',
      message: expect.stringContaining('node_modules') as unknown,
    });
  });
});
