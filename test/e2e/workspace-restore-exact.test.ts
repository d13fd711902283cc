// `grove clean --force` then `grove restore` gives back exactly what was there: the index (staged
// changes, intent-to-add), every file byte for byte with its mode, symlinks, empty folders, ignored
// files; and clean keeps a worktree whose content a backup cannot hold, naming what and why.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GIT_TEST_ENV } from '../helpers/git-repo.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject, worktreeOf } from '../helpers/grove-project.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

/** Every folder, file and symlink under `dir` (but .git) with its kind, exact mode and bytes. */
function walk(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const go = (rel: string): void => {
    const full = rel === '' ? dir : join(dir, rel);
    const st = lstatSync(full);
    const mode = (st.mode & 0o7777).toString(8);
    if (st.isSymbolicLink()) out[rel] = `symlink -> ${readlinkSync(full)}`;
    else if (st.isDirectory()) {
      out[rel === '' ? '.' : `${rel}/`] = `dir ${mode}`;
      for (const name of readdirSync(full).sort()) {
        if (rel === '' && name === '.git') continue;
        go(rel === '' ? name : `${rel}/${name}`);
      }
    } else out[rel] = `file ${mode} ${readFileSync(full).toString('base64')}`;
  };
  go('');
  return out;
}

function gitState(p: GroveProject, wt: string): Record<string, string> {
  return {
    head: p.git('-C', wt, 'rev-parse', 'HEAD'),
    lsFiles: p.git('-C', wt, 'ls-files', '-s'),
    cached: p.git('-C', wt, 'diff', '--cached', '--binary'),
    unstaged: p.git('-C', wt, 'diff', '--binary'),
    status: p.git('-C', wt, 'status', '--porcelain=v2', '--untracked-files=all', '--ignored'),
    flags: p.git('-C', wt, 'ls-files', '-v'),
  };
}

function write(path: string, content: string | Buffer, mode?: number): void {
  writeFileSync(path, content);
  if (mode !== undefined) chmodSync(path, mode);
}

describe('grove clean --force and grove restore: exactly what was there', () => {
  it('gives back the index, the bytes and modes of every file, symlinks, empty folders and ignored files', () => {
    p = makeGroveProject({
      tasks: ['wip'],
      files: {
        '.gitignore': 'build/\n*.log\n.env\n',
        '.gitattributes': '*.crlf text eol=crlf\n',
        'src/a.txt': 'a\n',
        'src/b.txt': 'b\n',
        'src/c.txt': 'c\n',
        'tool.sh': '#!/bin/sh\necho tool\n',
      },
    });
    expect(p.grove('spawn', 'wip').code).toBe(0);
    const wt = worktreeOf(p, 'wip');
    const g = (...args: string[]): string => p!.git('-C', wt, ...args);

    // A commit on the branch, so it is not integrated.
    mkdirSync(join(wt, 'src/wip'));
    write(join(wt, 'src/wip/committed.txt'), 'committed\n');
    g('add', '-A');
    g('commit', '-q', '-m', 'wip commit');
    // Staged, then changed again (index differs from HEAD and from the file).
    write(join(wt, 'src/a.txt'), 'a staged\n');
    g('add', 'src/a.txt');
    write(join(wt, 'src/a.txt'), 'a staged, then edited\n');
    // A new staged file, an unstaged edit, a staged deletion, an intent-to-add entry.
    write(join(wt, 'src/new.txt'), 'new and staged\n');
    g('add', 'src/new.txt');
    write(join(wt, 'src/b.txt'), 'b unstaged\n');
    g('rm', '-q', 'src/c.txt');
    write(join(wt, 'ita.txt'), 'intent to add\n');
    g('add', '-N', 'ita.txt');
    // Modes: a tracked file made 0600 (git does not see it), an untracked secret 0600, executables.
    chmodSync(join(wt, 'src/b.txt'), 0o600);
    write(join(wt, 'secret.txt'), 'secret\n', 0o600);
    write(join(wt, 'run-me'), '#!/bin/sh\necho hi\n', 0o755);
    chmodSync(join(wt, 'tool.sh'), 0o755); // a mode change git sees, unstaged
    // Untracked bytes a filter would change on checkout (eol=crlf), binary bytes.
    write(join(wt, 'notes.crlf'), 'line one\nline two\n');
    write(join(wt, 'blob.bin'), Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10, 0]));
    // Symlinks (one dangling), empty folders (one with mode 0700), a private folder.
    symlinkSync('src/a.txt', join(wt, 'link-to-a'));
    symlinkSync('../nowhere', join(wt, 'dangling'));
    mkdirSync(join(wt, 'empty'));
    mkdirSync(join(wt, 'empty-private'), { mode: 0o700 });
    chmodSync(join(wt, 'empty-private'), 0o700);
    mkdirSync(join(wt, 'private'));
    write(join(wt, 'private/key'), 'k\n', 0o400);
    chmodSync(join(wt, 'private'), 0o700);
    // Ignored files: a 0600 .env, a log, a build folder with binary output and an empty folder.
    write(join(wt, '.env'), 'TOKEN=1\n', 0o600);
    write(join(wt, 'debug.log'), 'log\n');
    mkdirSync(join(wt, 'build/cache'), { recursive: true });
    write(join(wt, 'build/out.bin'), Buffer.from([0xde, 0xad, 0xbe, 0xef]), 0o755);

    const files = walk(wt);
    const state = gitState(p, wt);
    expect(state.lsFiles).toContain('src/new.txt');
    expect(state.status).toContain('1 .A');

    const forced = p.grove('clean', 'wip', '--force');
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/removed\s+wip after saving its work to refs\/grove\/backup\/wip\//);
    expect(existsSync(wt)).toBe(false);

    const restored = p.grove('restore', 'wip');
    expect(walk(wt)).toEqual(files);
    expect(gitState(p, wt)).toEqual(state);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toMatch(
      /checked: \d+ files\/folders\/symlinks and \d+ index entries are exactly as backed up/,
    );
    expect(restored.code).toBe(0);
  });

  it('puts back a conflicted index (stages 1-3) and the merge in progress exactly', () => {
    p = makeGroveProject({ tasks: ['merge'], files: { 'f.txt': 'base\n' } });
    expect(p.grove('spawn', 'merge').code).toBe(0);
    const wt = worktreeOf(p, 'merge');
    const g = (...args: string[]): string => p!.git('-C', wt, ...args);
    p.commit('main side', { 'f.txt': 'main\n' });
    write(join(wt, 'f.txt'), 'task\n');
    g('commit', '-q', '-am', 'task side');
    const merge = spawnSync('git', ['-C', wt, 'merge', '-q', 'main'], {
      env: GIT_TEST_ENV,
      encoding: 'utf8',
    });
    expect(merge.status).toBe(1); // a conflict
    const state = gitState(p, wt);
    expect(state.lsFiles).toMatch(/ 3\tf\.txt/);
    const files = walk(wt);
    const mergeHead = g('rev-parse', 'MERGE_HEAD').trim();
    const mergeMsg = readFileSync(join(g('rev-parse', '--absolute-git-dir').trim(), 'MERGE_MSG'), 'utf8');

    expect(p.grove('clean', 'merge', '--force').code).toBe(0);
    // The merged commit must survive even when nothing else names it.
    p.git('update-ref', 'refs/heads/main', `${mergeHead}~1`);
    p.git('reflog', 'expire', '--expire=now', '--all');
    p.git('gc', '-q', '--prune=now');
    const restored = p.grove('restore', 'merge');
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('exactly as backed up');
    expect(walk(wt)).toEqual(files);
    expect(gitState(p, wt).lsFiles).toBe(state.lsFiles);
    expect(gitState(p, wt).unstaged).toBe(state.unstaged);
    // Still merging: MERGE_HEAD and the message are back, so `git commit` concludes the same merge.
    expect(g('rev-parse', 'MERGE_HEAD').trim()).toBe(mergeHead);
    expect(readFileSync(join(g('rev-parse', '--absolute-git-dir').trim(), 'MERGE_MSG'), 'utf8')).toBe(
      mergeMsg,
    );
    write(join(wt, 'f.txt'), 'both\n');
    g('add', 'f.txt');
    g('commit', '-q', '--no-edit');
    expect(g('rev-list', '--parents', '-n', '1', 'HEAD').trim().split(' ')).toHaveLength(3);
  });

  it('keeps a worktree in the middle of a rebase, saying how to end it', () => {
    p = makeGroveProject({ tasks: ['rb'], files: { 'f.txt': 'base\n' } });
    expect(p.grove('spawn', 'rb').code).toBe(0);
    const wt = worktreeOf(p, 'rb');
    const g = (...args: string[]): string => p!.git('-C', wt, ...args);
    p.commit('main side', { 'f.txt': 'main\n' });
    write(join(wt, 'f.txt'), 'task\n');
    g('commit', '-q', '-am', 'task side');
    const rebase = spawnSync('git', ['-C', wt, 'rebase', '-q', 'main'], {
      env: GIT_TEST_ENV,
      encoding: 'utf8',
    });
    expect(rebase.status).not.toBe(0); // stopped on the conflict

    const kept = p.grove('clean', 'rb', '--force');
    expect(kept.code).toBe(0);
    expect(kept.stdout).toMatch(/kept\s+rb: /);
    expect(kept.stdout).toContain('a rebase');
    expect(kept.stdout).toContain('git rebase --abort');
    expect(existsSync(join(wt, 'f.txt'))).toBe(true);
    expect(p.git('for-each-ref', 'refs/grove/backup/').trim()).toBe('');
  });
});

describe('grove restore checks what it restored', () => {
  it('names every difference from the backup and exits 1', () => {
    p = makeGroveProject({ tasks: ['chk'], files: { 'f.txt': 'f\n' } });
    expect(p.grove('spawn', 'chk').code).toBe(0);
    const wt = worktreeOf(p, 'chk');
    write(join(wt, 'f.txt'), 'edited\n');
    expect(p.grove('clean', 'chk', '--force').code).toBe(0);
    const ref = p.git('for-each-ref', '--format=%(refname)', 'refs/grove/backup/chk/').trim();

    // The same backup, but its manifest also lists an intent-to-add entry for a file that no longer
    // exists: the one thing restore cannot put back, so the check must name it.
    const manifest = JSON.parse(p.git('cat-file', 'blob', `${ref}^3:manifest.json`)) as {
      index: { entries: unknown[]; intentToAdd: string[] };
    };
    const empty = p.git('hash-object', '-w', '--stdin').trim();
    manifest.index.entries.push({ mode: '100644', oid: empty, stage: 0, path: 'ghost.txt' });
    manifest.index.intentToAdd.push('ghost.txt');
    const blob = spawnSync('git', ['hash-object', '-w', '--stdin'], {
      cwd: p.root,
      input: JSON.stringify(manifest),
      encoding: 'utf8',
    }).stdout.trim();
    const listing = p
      .git('ls-tree', `${ref}^3`)
      .replace(/^(100644 blob )[0-9a-f]+(\tmanifest\.json)$/m, `$1${blob}$2`);
    const tree = spawnSync('git', ['mktree'], {
      cwd: p.root,
      input: listing,
      encoding: 'utf8',
    }).stdout.trim();
    const files = p.git('commit-tree', tree, '-m', 'files').trim();
    const tampered = p
      .git('commit-tree', `${ref}^{tree}`, '-p', `${ref}^1`, '-p', `${ref}^2`, '-p', files, '-m', 'backup')
      .trim();
    p.git('update-ref', 'refs/grove/backup/chk/2099-01-01T00-00-00-000Z', tampered);

    const restored = p.grove('restore', 'chk');
    expect(restored.code).toBe(1);
    expect(restored.stdout).toContain('but 2 thing(s) differ from the backup:');
    expect(restored.stdout).toContain('intent-to-add: ghost.txt is missing');
    expect(restored.stdout).toContain(`index entry: 100644 ${empty} 0\tghost.txt is missing`);
    expect(readFileSync(join(wt, 'f.txt'), 'utf8')).toBe('edited\n');
  });
});

describe('grove restore of a backup made before exact backups', () => {
  it('still brings back the files, and says the index and modes were not saved', () => {
    p = makeGroveProject({ tasks: ['old'], files: { 'f.txt': 'f\n' } });
    expect(p.grove('spawn', 'old').code).toBe(0);
    const wt = worktreeOf(p, 'old');
    write(join(wt, 'f.txt'), 'edited\n');
    // A backup as grove wrote them before: the worktree's tree on one parent, the branch tip.
    p.git('-C', wt, 'add', '-A');
    const tree = p.git('-C', wt, 'write-tree').trim();
    const head = p.git('rev-parse', 'grove/old').trim();
    const commit = p.git('commit-tree', tree, '-p', head, '-m', 'grove backup of task old').trim();
    p.git('update-ref', 'refs/grove/backup/old/2020-01-01T00-00-00-000Z', commit);
    p.git('worktree', 'remove', '--force', wt);
    p.git('branch', '-D', 'grove/old');

    const restored = p.grove('restore', 'old');
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('this backup predates exact backups');
    expect(readFileSync(join(wt, 'f.txt'), 'utf8')).toBe('edited\n');
    expect(p.git('-C', wt, 'status', '--porcelain')).toBe(' M f.txt\n');
  });
});

describe('grove clean --force keeps what a backup cannot hold', () => {
  it('keeps a worktree with a fifo or a nested repository, naming it, until --lose-unsaveable', () => {
    p = makeGroveProject({ tasks: ['odd'] });
    expect(p.grove('spawn', 'odd').code).toBe(0);
    const wt = worktreeOf(p, 'odd');
    write(join(wt, 'work.txt'), 'uncommitted\n');
    expect(spawnSync('mkfifo', [join(wt, 'pipe')]).status).toBe(0);
    mkdirSync(join(wt, 'vendor/lib'), { recursive: true });
    expect(spawnSync('git', ['init', '-q', join(wt, 'vendor/lib')]).status).toBe(0);
    const before = p.git('-C', wt, 'status', '--porcelain');

    const kept = p.grove('clean', 'odd', '--force');
    expect(kept.code).toBe(0);
    expect(kept.stdout).toMatch(/kept\s+odd: /);
    expect(kept.stdout).toContain('pipe: a fifo (named pipe), which git cannot store');
    expect(kept.stdout).toContain('vendor/lib: a nested git repository that is not a submodule');
    expect(kept.stdout).toContain('--lose-unsaveable');
    expect(existsSync(join(wt, 'pipe'))).toBe(true);
    expect(existsSync(join(wt, 'vendor/lib/.git'))).toBe(true);
    expect(p.git('-C', wt, 'status', '--porcelain')).toBe(before);
    expect(p.git('for-each-ref', 'refs/grove/backup/').trim()).toBe('');

    const usage = p.grove('clean', 'odd', '--lose-unsaveable');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--lose-unsaveable only applies with --force');

    const lost = p.grove('clean', 'odd', '--force', '--lose-unsaveable');
    expect(lost.code).toBe(0);
    expect(lost.stdout).toMatch(/removed\s+odd after saving/);
    expect(lost.stdout).toContain('not in the backup, lost: pipe: a fifo');
    expect(existsSync(wt)).toBe(false);

    const restored = p.grove('restore', 'odd');
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('not in the backup (removed by clean): pipe: a fifo');
    expect(readFileSync(join(wt, 'work.txt'), 'utf8')).toBe('uncommitted\n');
  });

  it('keeps a worktree with more ignored bytes than a backup keeps, until --lose-ignored', () => {
    p = makeGroveProject({ tasks: ['big'], files: { '.gitignore': 'build/\n' } });
    expect(p.grove('spawn', 'big').code).toBe(0);
    const wt = worktreeOf(p, 'big');
    write(join(wt, 'work.txt'), 'uncommitted\n');
    mkdirSync(join(wt, 'build'));
    write(join(wt, 'build/huge.bin'), Buffer.alloc(65 * 1024 * 1024, 7));

    const kept = p.grove('clean', 'big', '--force');
    expect(kept.code).toBe(0);
    expect(kept.stdout).toMatch(/kept\s+big: .*1 ignored file\(s\), 65\.0 MB, are more than a backup keeps/);
    expect(kept.stdout).toContain('build/ (1 file(s), 65.0 MB)');
    expect(kept.stdout).toContain('--lose-ignored');
    expect(existsSync(join(wt, 'build/huge.bin'))).toBe(true);

    const lost = p.grove('clean', 'big', '--force', '--lose-ignored');
    expect(lost.code).toBe(0);
    expect(lost.stdout).toContain('not in the backup, lost: 1 ignored file(s), 65.0 MB (--lose-ignored)');
    const restored = p.grove('restore', 'big');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('exactly as backed up');
    expect(restored.stdout).toContain('not in the backup (removed by clean): 1 ignored file(s), 65.0 MB');
    expect(readFileSync(join(wt, 'work.txt'), 'utf8')).toBe('uncommitted\n');
    expect(existsSync(join(wt, 'build'))).toBe(false);
  });
});
