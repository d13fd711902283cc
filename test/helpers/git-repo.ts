// Real git repositories in temp folders for tests (changesets' gitdir() pattern).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { auditThenCleanup, illegalEdgesInFile } from './journal-audit.js';

export interface TempRepo {
  /** The folder holding the repository (and its sibling worktree folder). */
  parent: string;
  root: string;
  git(...args: string[]): string;
  write(files: Record<string, string>): void;
  commit(message: string, files?: Record<string, string>): string;
  /** Removes the folder, after failing on any illegal state history in the repo's grove.db. */
  cleanup(): void;
}

export const GIT_TEST_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Grove Test',
  GIT_AUTHOR_EMAIL: 'test@grove.invalid',
  GIT_COMMITTER_NAME: 'Grove Test',
  GIT_COMMITTER_EMAIL: 'test@grove.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** Makes a repo on branch `main` with one commit (README.md) unless `empty`. */
export function makeTempRepo(
  options: { files?: Record<string, string>; empty?: boolean; name?: string } = {},
): TempRepo {
  const parent = mkdtempSync(join(tmpdir(), 'grove-test-'));
  const root = join(parent, options.name ?? 'repo');
  mkdirSync(root);
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: root,
      env: GIT_TEST_ENV,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  git('init', '-q', '-b', 'main');
  for (const [k, v] of Object.entries({
    'user.name': 'Grove Test',
    'user.email': 'test@grove.invalid',
    'commit.gpgsign': 'false',
    'gc.auto': '0',
    'core.autocrlf': 'false',
    'core.eol': 'lf',
  })) {
    git('config', k, v);
  }
  const write = (files: Record<string, string>): void => {
    for (const [path, content] of Object.entries(files)) {
      const full = join(root, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  };
  const commit = (message: string, files?: Record<string, string>): string => {
    if (files) write(files);
    git('add', '-A');
    git('commit', '-q', '--allow-empty', '-m', message);
    return git('rev-parse', 'HEAD').trim();
  };
  if (!options.empty) commit('initial', { 'README.md': '# test repo\n', ...options.files });
  return {
    parent,
    root,
    git,
    write,
    commit,
    cleanup: () => {
      const db = join(root, '.git', 'grove', 'grove.db');
      auditThenCleanup(
        db,
        () => illegalEdgesInFile(db),
        () => rmSync(parent, { recursive: true, force: true }),
      );
    },
  };
}
