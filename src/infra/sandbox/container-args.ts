// The podman engine's policy → `podman run` mapping (pure: paths and facts in, arguments out). Every path
// is mounted at the SAME path inside, so what the agent prints (and grove's events) names host paths.
import { GroveError } from '../../shared/errors.js';
import type { ContainerSpec, SandboxPolicy } from './policy.js';
import { isInside } from './policy.js';

/** The ports the agent's proxy variables name inside the container, as sandbox-runtime's bwrap uses. */
export const HTTP_PROXY_PORT = 3128;
export const SOCKS_PROXY_PORT = 1080;

/**
 * Hidden in every container besides the policy's paths: /run (and so /var/run) holds the host's daemon
 * sockets (podman's, docker's, D-Bus), which a read-only mount would still let the agent connect to.
 */
const HIDDEN_SYSTEM_PATHS = ['/run'];

export interface ContainerMount {
  /** `tmpfs`: an empty read-only folder over a hidden path; `bind`: the host path at the same path. */
  kind: 'tmpfs' | 'bind';
  path: string;
  writable: boolean;
}

/**
 * The mounts of one policy, parents before children: an empty read-only tmpfs over each hidden path
 * (`denyRead`), the writable paths bound read-write, the readable ones inside a hidden path bound
 * read-only (with an image: every readable one, since the image does not have them), and `denyWrite`
 * paths inside a writable one bound read-only over it. The rest of the root is the read-only root of
 * the container. Paths that do not exist on the host are left out (`exists`), as sandbox-runtime does.
 */
export function containerMounts(
  policy: Pick<SandboxPolicy, 'denyRead' | 'allowRead' | 'allowWrite' | 'denyWrite'>,
  exists: (path: string) => boolean,
  options: {
    image: boolean;
    /** Bound read-only wherever they are (the proxy's sockets, socat). */
    extraReadOnly?: readonly string[];
    /** Hidden besides `denyRead` (/run). */
    extraHidden?: readonly string[];
  },
): ContainerMount[] {
  const hidden = [...(options.extraHidden ?? []), ...policy.denyRead];
  const writes = policy.allowWrite.filter(exists);
  const underWrite = (p: string): boolean => writes.some((w) => isInside(p, w));
  const reads = policy.allowRead
    .filter(exists)
    .filter((p) => !underWrite(p) && (options.image || hidden.some((h) => isInside(p, h))));
  // Always bound: a unix socket seen through the overlay root is another inode (connect: refused).
  const extras = (options.extraReadOnly ?? []).filter(exists);
  const protectedPaths = policy.denyWrite.filter((p) => exists(p) && underWrite(p));
  const mounts: ContainerMount[] = [
    ...hidden.map((path) => ({ kind: 'tmpfs' as const, path, writable: false })),
    ...writes.map((path) => ({ kind: 'bind' as const, path, writable: true })),
    ...[...reads, ...extras].map((path) => ({ kind: 'bind' as const, path, writable: false })),
    ...protectedPaths.map((path) => ({ kind: 'bind' as const, path, writable: false })),
  ];
  const seen = new Set<string>();
  const unique = mounts.filter((m) => {
    const key = `${m.kind} ${m.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // Stable by depth: a parent is mounted before what is bound inside it; at one depth the list order.
  return unique
    .map((m, i) => ({ m, i, depth: m.path.split('/').filter(Boolean).length }))
    .sort((a, b) => a.depth - b.depth || a.i - b.i)
    .map(({ m }) => m);
}

/** `--tmpfs`/`-v` arguments; a path podman's syntax cannot carry is refused, saying which. */
export function mountArgs(mounts: readonly ContainerMount[]): string[] {
  return mounts.flatMap((m) => {
    if (/[:,]/.test(m.path)) {
      throw new GroveError(
        'AGENT_NOT_FOUND',
        `sandbox: podman cannot mount ${m.path} (it has a ':' or ',')`,
        {
          hint: 'move the repository or that folder to a path without those characters, or use `engine: runtime`',
        },
      );
    }
    if (m.kind === 'tmpfs') return ['--tmpfs', `${m.path}:ro,notmpcopyup`];
    return ['-v', `${m.path}:${m.path}:${m.writable ? 'rw' : 'ro'}`];
  });
}

/** The hard limits of the calling process, from /proc/self/limits (podman sets its own otherwise). */
export interface HardLimits {
  nofile?: number;
  nproc?: number;
}

/**
 * `Max open files` and `Max processes` of /proc/<pid>/limits: their hard values (`unlimited`: left
 * out), processes at most `pidMax` (/proc/sys/kernel/pid_max: no more can exist, and a host was seen
 * to refuse a higher one inside the container). podman's defaults exceed what a capped caller may set
 * (setrlimit: EPERM, and the container does not start).
 */
export function parseHardLimits(text: string, pidMax?: number): HardLimits {
  const hard = (label: string): number | undefined => {
    const m = new RegExp(`^${label}\\s+\\S+\\s+(\\S+)`, 'm').exec(text);
    return m?.[1] && /^\d+$/.test(m[1]) ? Number(m[1]) : undefined;
  };
  const nofile = hard('Max open files');
  const hardProcs = hard('Max processes');
  const nproc =
    hardProcs !== undefined && pidMax !== undefined ? Math.min(hardProcs, pidMax) : (hardProcs ?? pidMax);
  return { ...(nofile !== undefined ? { nofile } : {}), ...(nproc !== undefined ? { nproc } : {}) };
}

interface ContainerRunInput {
  policy: SandboxPolicy;
  container: ContainerSpec;
  /** The agent's working folder (its worktree). */
  cwd: string;
  file: string;
  args: readonly string[];
  exists: (path: string) => boolean;
  limits: HardLimits;
  /** The file of variables for the agent (the proxy's, TMPDIR), read by podman on the host. */
  envFile: string;
  /** sandbox-runtime's proxy as unix sockets on the host, and the socat that bridges them inside. */
  proxy: { httpSocket: string; socksSocket: string; socat: string };
}

/**
 * `podman` arguments that run `file args` in a container with the policy: no network but loopback (the
 * proxy's sockets are bound in and bridged to ports 3128 and 1080 by socat), a read-only root (a write
 * outside the writable paths fails with EROFS, which the denial collector reports), no capabilities,
 * the host's environment plus `envFile`, podman's own init as PID 1 (signals and zombies), the agent's
 * stdio passed straight through, and the container removed when it ends.
 */
export function podmanRunArgs(input: ContainerRunInput): string[] {
  const { policy, container, proxy } = input;
  const mounts = containerMounts(policy, input.exists, {
    image: container.image !== undefined,
    extraReadOnly: [proxy.httpSocket, proxy.socksSocket, proxy.socat],
    extraHidden: HIDDEN_SYSTEM_PATHS,
  });
  const limits = [
    ...(input.limits.nofile ? ['--ulimit', `nofile=${input.limits.nofile}:${input.limits.nofile}`] : []),
    ...(input.limits.nproc ? ['--ulimit', `nproc=${input.limits.nproc}:${input.limits.nproc}`] : []),
  ];
  return [
    ...(container.ociRuntime ? ['--runtime', container.ociRuntime] : []),
    '--cgroup-manager',
    'cgroupfs',
    'run',
    '--rm',
    '-i',
    '--init',
    '--name',
    container.name,
    '--log-driver',
    'passthrough',
    '--network',
    'none',
    '--read-only',
    '--read-only-tmpfs=false',
    '--cap-drop',
    'all',
    '--security-opt',
    'no-new-privileges',
    '--pids-limit',
    '-1',
    ...limits,
    '--env-host',
    '--env-file',
    input.envFile,
    '-w',
    input.cwd,
    ...mountArgs(mounts),
    // `--rootfs` is a flag: the root is the first positional, so every option comes before it.
    ...(container.image ? [container.image] : ['--rootfs', '/:O']),
    '/bin/sh',
    '-c',
    entryScript(proxy.httpSocket, proxy.socksSocket, proxy.socat),
    'sh',
    input.file,
    ...input.args,
  ];
}

/**
 * The container's first command: the two socat relays from loopback ports to the proxy's sockets
 * (IPv6 with IPv4 mapped, else IPv4), a wait until both listen (at most 3 s), then the agent in the
 * shell's place with its own arguments ("$@": nothing of them is shell text). No NO_PROXY: the agent's
 * loopback is not the host's, so a local server is reached through the proxy too.
 */
export function entryScript(httpSocket: string, socksSocket: string, socat: string): string {
  const q = shellQuote;
  const relay = (port: number, socket: string): string =>
    `{ ${q(socat)} TCP6-LISTEN:${port},ipv6only=0,fork,reuseaddr,backlog=4096 UNIX-CONNECT:${q(socket)} || ` +
    `exec ${q(socat)} TCP4-LISTEN:${port},fork,reuseaddr,backlog=4096 UNIX-CONNECT:${q(socket)}; } >/dev/null 2>&1 &`;
  const listening = (port: number): string =>
    `grep -qs ':${port.toString(16).toUpperCase().padStart(4, '0')} [0-9A-F]*:0000 0A' /proc/net/tcp /proc/net/tcp6`;
  return [
    'unset NO_PROXY no_proxy',
    relay(HTTP_PROXY_PORT, httpSocket),
    relay(SOCKS_PROXY_PORT, socksSocket),
    'i=0',
    `until { ${listening(HTTP_PROXY_PORT)} && ${listening(SOCKS_PROXY_PORT)}; } || [ $i -ge 300 ]; do sleep 0.01; i=$((i+1)); done`,
    'unset i',
    'exec "$@"',
  ].join('\n');
}

/** `podman rm -f -t 0 <name>`: ends and removes the container at once (no grace: the agent is stopped). */
export function removeContainerArgs(container: Pick<ContainerSpec, 'name' | 'ociRuntime'>): string[] {
  return [
    ...(container.ociRuntime ? ['--runtime', container.ociRuntime] : []),
    '--cgroup-manager',
    'cgroupfs',
    'rm',
    '-f',
    '-t',
    '0',
    '--ignore',
    container.name,
  ];
}

/** A container name for an attempt in `worktree`: `grove-<its folder name>-<random>` (podman's charset). */
export function containerName(worktree: string, random: string): string {
  const base = (worktree.split('/').filter(Boolean).pop() ?? 'attempt').replace(/[^a-zA-Z0-9_.-]/g, '-');
  return `grove-${base.slice(0, 40)}-${random}`;
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
