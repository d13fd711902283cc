import { describe, expect, it } from 'vitest';
import {
  containerMounts,
  containerName,
  entryScript,
  mountArgs,
  parseHardLimits,
  podmanRunArgs,
  removeContainerArgs,
} from './container-args.js';
import { podmanStartFailure } from './container.js';
import { sandboxPolicy, type SandboxPlace } from './policy.js';

const place: SandboxPlace = {
  worktree: '/work/repo.grove/t1',
  mainRoot: '/work/repo',
  commonDir: '/work/repo/.git',
  gitDir: '/work/repo/.git/worktrees/t1',
  stateDir: '/work/repo/.git/grove',
  agentHome: '/work/repo/.git/grove/homes/t1/claude',
  userHome: '/home/me',
  programDirs: ['/usr/local/bin', '/home/me/.npm-global/lib'],
};
const layer = {
  runtime: '/r/index.js',
  bwrap: '/b/bwrap',
  socat: '/home/me/.cache/grove/sandbox/bin/socat',
  rg: '/b/rg',
  applySeccomp: '/r/vendor/seccomp/x64/apply-seccomp',
  javaAgent: '/r/vendor/java-proxy-agent/srt-proxy-agent.jar',
};
const policy = sandboxPolicy(
  place,
  { allow_hosts: ['127.0.0.1:9'], allow_read: [], allow_write: [], engine: 'podman' },
  layer,
);
const missing = new Set(['/work/repo/CLAUDE.md', '/work/repo/.git/info']);
const exists = (p: string): boolean => !missing.has(p);
const show = (ms: ReturnType<typeof containerMounts>): string[] =>
  ms.map((m) => `${m.kind === 'tmpfs' ? 'hide' : m.writable ? 'rw' : 'ro'} ${m.path}`);

describe('containerMounts', () => {
  const mounts = containerMounts(policy, exists, { image: false, extraHidden: ['/run'] });

  it('hides each denied path behind a read-only tmpfs, parents first', () => {
    const hidden = show(mounts).filter((m) => m.startsWith('hide '));
    expect(hidden).toEqual([
      'hide /run',
      'hide /home/me',
      'hide /work/repo',
      'hide /work/repo/.git',
      'hide /work/repo/.git/grove',
    ]);
    // Every mount comes after the mounts of its parents.
    const paths = mounts.map((m) => m.path);
    for (const [i, p] of paths.entries())
      for (const parent of paths.slice(i + 1)) expect(p.startsWith(`${parent}/`)).toBe(false);
  });

  it('binds the writable paths read-write and gives back what a worktree reads, read-only, at the same paths', () => {
    const shown = show(mounts);
    expect(shown).toEqual(
      expect.arrayContaining([
        'rw /work/repo.grove/t1',
        'rw /work/repo/.git/worktrees/t1',
        'rw /work/repo/.git/objects',
        'rw /work/repo/.git/refs',
        'rw /work/repo/.git/logs',
        'rw /work/repo/.git/grove/homes/t1/claude',
        'ro /work/repo/.git/HEAD',
        'ro /work/repo/.git/config',
        'ro /work/repo/AGENTS.md',
        'ro /home/me/.npm-global/lib',
      ]),
    );
    // Not hidden, so already readable through the read-only root: not bound again.
    expect(shown).not.toContain('ro /usr/local/bin');
    // Missing on the host: left out (podman would refuse the bind).
    expect(shown.some((m) => m.endsWith('/CLAUDE.md') || m.endsWith('/.git/info'))).toBe(false);
    // Hooks stay hidden; the worktree is bound once, read-write (it is in both lists).
    expect(shown.some((m) => m.includes('/hooks'))).toBe(false);
    expect(shown.filter((m) => m.endsWith(' /work/repo.grove/t1'))).toEqual(['rw /work/repo.grove/t1']);
  });

  it('binds a denyWrite path inside a writable one read-only over it', () => {
    const ms = containerMounts(
      {
        ...policy,
        allowWrite: [...policy.allowWrite, '/work/repo/.git'],
        denyWrite: ['/work/repo/.git/hooks'],
      },
      exists,
      { image: false },
    );
    expect(show(ms)).toContain('ro /work/repo/.git/hooks');
  });

  it('with an image, binds every readable path (the image does not have them) and the extras always', () => {
    const ms = show(containerMounts(policy, exists, { image: true, extraReadOnly: ['/tmp/proxy.sock'] }));
    expect(ms).toContain('ro /usr/local/bin');
    expect(ms).toContain('ro /tmp/proxy.sock');
  });
});

describe('podmanRunArgs', () => {
  const input = {
    policy,
    container: { name: 'grove-t1-abcd', podman: '/usr/bin/podman', ociRuntime: '/usr/sbin/runc' },
    cwd: place.worktree,
    file: '/usr/bin/node',
    args: ['agent.js', "it's"],
    exists,
    limits: { nofile: 20000, nproc: 32768 },
    envFile: '/tmp/grove-podman-x/agent.env',
    proxy: {
      httpSocket: '/tmp/claude-http-1.sock',
      socksSocket: '/tmp/claude-socks-1.sock',
      socat: layer.socat,
    },
  };

  it('puts every option before --rootfs (a flag: the root is the first positional), then the agent as "$@"', () => {
    const args = podmanRunArgs(input);
    expect(args.slice(0, 5)).toEqual(['--runtime', '/usr/sbin/runc', '--cgroup-manager', 'cgroupfs', 'run']);
    const root = args.indexOf('--rootfs');
    expect(args.slice(root, root + 4)).toEqual(['--rootfs', '/:O', '/bin/sh', '-c']);
    expect(args.slice(root + 5)).toEqual(['sh', '/usr/bin/node', 'agent.js', "it's"]);
    const options = args.slice(0, root).join(' ');
    for (const o of [
      '--rm',
      '--name grove-t1-abcd',
      '--network none',
      '--read-only',
      '--cap-drop all',
      '--ulimit nofile=20000:20000',
      '--ulimit nproc=32768:32768',
      '--env-file /tmp/grove-podman-x/agent.env',
      `-w ${place.worktree}`,
      '--tmpfs /home/me:ro,notmpcopyup',
      `-v ${place.worktree}:${place.worktree}:rw`,
      '-v /tmp/claude-http-1.sock:/tmp/claude-http-1.sock:ro',
      `-v ${layer.socat}:${layer.socat}:ro`,
    ])
      expect(options).toContain(o);
  });

  it('runs an image instead of the host root when one is named, and leaves out limits it does not know', () => {
    const args = podmanRunArgs({
      ...input,
      container: { ...input.container, ociRuntime: '', image: 'docker.io/library/node:22' },
      limits: {},
    });
    expect(args).not.toContain('--rootfs');
    expect(args).not.toContain('--runtime');
    expect(args.some((a) => a.startsWith('nofile='))).toBe(false);
    expect(args[args.indexOf('/bin/sh') - 1]).toBe('docker.io/library/node:22');
  });

  it('refuses a path podman cannot mount, naming it', () => {
    expect(() => mountArgs([{ kind: 'bind', path: '/work/a:b', writable: true }])).toThrow(
      /podman cannot mount \/work\/a:b/,
    );
  });
});

describe('entryScript', () => {
  it('relays ports 3128 and 1080 to the sockets, waits for both to listen, then execs the agent', () => {
    const script = entryScript('/tmp/h.sock', '/tmp/s.sock', '/s/socat');
    expect(script).toContain('TCP6-LISTEN:3128,ipv6only=0');
    expect(script).toContain('UNIX-CONNECT:/tmp/h.sock');
    expect(script).toContain('TCP4-LISTEN:1080');
    expect(script).toContain(':0C38 [0-9A-F]*:0000 0A'); // 3128 in /proc/net/tcp, listening
    expect(script).toContain(':0438 [0-9A-F]*:0000 0A'); // 1080
    expect(script.split('\n').at(-1)).toBe('exec "$@"');
    expect(script.split('\n')[0]).toBe('unset NO_PROXY no_proxy');
  });
});

describe('parseHardLimits', () => {
  const limits = [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max processes             96367                96367                processes ',
    'Max open files            1024                 20000                files     ',
  ].join('\n');

  it('reads the hard limits, processes at most pid_max', () => {
    expect(parseHardLimits(limits)).toEqual({ nofile: 20000, nproc: 96367 });
    expect(parseHardLimits(limits, 32768)).toEqual({ nofile: 20000, nproc: 32768 });
  });

  it('leaves out what is unlimited or absent', () => {
    expect(
      parseHardLimits('Max open files            unlimited            unlimited            files'),
    ).toEqual({});
  });
});

describe('containers: names, removal, start failures', () => {
  it('names a container after its worktree, in podman’s characters', () => {
    expect(containerName('/work/repo.grove/t1 x', 'ab12')).toBe('grove-t1-x-ab12');
  });

  it('removes at once, and is content when it is already gone', () => {
    expect(removeContainerArgs({ name: 'grove-t1-ab12', ociRuntime: '' })).toEqual([
      '--cgroup-manager',
      'cgroupfs',
      'rm',
      '-f',
      '-t',
      '0',
      '--ignore',
      'grove-t1-ab12',
    ]);
  });

  it("reads podman's exit 125 as its own failure, with its words and a hint; other exits are the agent's", () => {
    const tail = 'some agent line\nError: runc: runc create failed: error setting rlimit type 6\n';
    const why = podmanStartFailure(125, tail, { ociRuntime: '/usr/sbin/runc' });
    expect(why).toMatch(/^podman could not start the container \(runtime \/usr\/sbin\/runc\): Error: runc/);
    expect(why).toContain('engine: runtime');
    expect(podmanStartFailure(1, tail, { ociRuntime: '' })).toBeUndefined();
    // 126: the runtime could not create it (podman says so), or the agent could not be run (it does not).
    expect(podmanStartFailure(126, 'Error: container create failed\n', { ociRuntime: '/bin/false' })).toMatch(
      /runtime \/bin\/false\): Error: container create failed/,
    );
    expect(
      podmanStartFailure(126, 'sh: 1: exec: ./agent: Permission denied\n', { ociRuntime: '' }),
    ).toBeUndefined();
  });
});
