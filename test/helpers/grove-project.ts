// A grove project in a temp git repo: config, task files, and the real CLI run against it.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { TempRepo } from './git-repo.js';
import { GIT_TEST_ENV, makeTempRepo } from './git-repo.js';

export interface GroveProject extends TempRepo {
  /** Runs `node bin/grove.js ...args` in the repo; never throws. */
  grove(...args: string[]): { code: number | null; stdout: string; stderr: string };
}

const BIN = resolve(import.meta.dirname, '../../bin/grove.js');

export function taskFile(id: string, extra = ''): string {
  return `---\nid: ${id}\ntitle: Task ${id}\nowns: ["src/${id}/**"]\n${extra}---\nDo ${id}.\n`;
}

/** A repo with `.grove/config.yaml` (`config` text) and one task file per id, committed on main. */
export function makeGroveProject(
  options: { config?: string; tasks?: string[]; files?: Record<string, string> } = {},
): GroveProject {
  const files: Record<string, string> = { '.grove/config.yaml': options.config ?? '{}\n', ...options.files };
  for (const id of options.tasks ?? []) files[`.grove/tasks/${id}.md`] = taskFile(id);
  const repo = makeTempRepo({ files });
  return {
    ...repo,
    grove: (...args: string[]) => {
      const r = spawnSync(process.execPath, [BIN, ...args], {
        cwd: repo.root,
        env: GIT_TEST_ENV,
        encoding: 'utf8',
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    },
  };
}

export function worktreeOf(p: GroveProject, id: string): string {
  return join(p.parent, 'repo.grove', id);
}
