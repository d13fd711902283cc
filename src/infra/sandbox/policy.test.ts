import { describe, expect, it } from 'vitest';
import { isInside, sandboxPolicy, type SandboxPlace } from './policy.js';

const place: SandboxPlace = {
  worktree: '/work/repo.grove/t1',
  mainRoot: '/work/repo',
  commonDir: '/work/repo/.git',
  gitDir: '/work/repo/.git/worktrees/t1',
  stateDir: '/work/repo/.git/grove',
  agentHome: '/work/repo/.git/grove/homes/t1/claude',
  userHome: '/home/me',
  programDirs: ['/home/me/.npm-global/lib'],
};
const layer = {
  runtime: '/r/index.js',
  bwrap: '/b/bwrap',
  socat: '/b/socat',
  rg: '/b/rg',
  applySeccomp: '/r/vendor/seccomp/x64/apply-seccomp',
  javaAgent: '/r/vendor/java-proxy-agent/srt-proxy-agent.jar',
};
const settings = {
  allow_hosts: ['127.0.0.1'],
  allow_read: ['~/.cache/models'],
  allow_write: ['/scratch'],
  engine: 'runtime' as const,
};

describe('sandboxPolicy', () => {
  const policy = sandboxPolicy(place, settings, layer);

  it('hides the home, the main checkout, the shared git folder and grove state', () => {
    expect(policy.denyRead).toEqual(['/home/me', '/work/repo', '/work/repo/.git', '/work/repo/.git/grove']);
  });

  it('lets the agent write only its worktree, what a commit writes, its home and what config adds', () => {
    expect(policy.allowWrite).toEqual([
      '/work/repo.grove/t1',
      '/work/repo/.git/worktrees/t1',
      '/work/repo/.git/objects',
      '/work/repo/.git/refs',
      '/work/repo/.git/logs',
      '/work/repo/.git/grove/homes/t1/claude',
      '/scratch',
    ]);
    expect(policy.allowWrite.some((p) => isInside('/work/repo/AGENTS.md', p))).toBe(false);
    expect(policy.denyWrite).toEqual(['/work/repo/.git/hooks', '/work/repo/.git/config']);
    expect(policy.tmpDir).toBe('/work/repo/.git/grove/homes/t1/claude/tmp');
  });

  it('gives back, read-only, the git data a worktree needs, the knowledge files and allowed reads (~ expanded)', () => {
    expect(policy.allowRead).toEqual(
      expect.arrayContaining([
        '/work/repo/.git/HEAD',
        '/work/repo/.git/packed-refs',
        '/work/repo/AGENTS.md',
        '/work/repo/CLAUDE.md',
        '/home/me/.npm-global/lib',
        '/home/me/.cache/models',
      ]),
    );
    expect(policy.allowRead).not.toContain('/work/repo/.git/grove');
    expect(policy.allowHosts).toEqual(['127.0.0.1']);
  });
});

describe('isInside', () => {
  it('matches the folder itself and what is under it, not a sibling with the same prefix', () => {
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b/c', '/a/b')).toBe(true);
    expect(isInside('/a/bc', '/a/b')).toBe(false);
  });
});
