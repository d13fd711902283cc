// A separate machine for tests: a network namespace with a veth pair (a private 10.x address inside)
// and Debian's sshd listening on it, with a host key and a user key made for this test and a
// known_hosts file written by it. Needs root, `ip` and /usr/sbin/sshd (CI installs openssh-server).
// Everything is removed by `close()`, and on process exit if a test dies first.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';

/** Why the SSH host tests cannot run here, or undefined when they can. */
export function sshHostMissing(): string | undefined {
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  if (!existsSync(SSHD)) return `${SSHD} is missing (apt-get install openssh-server)`;
  for (const bin of ['ip', 'ssh', 'ssh-keygen']) {
    try {
      execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    } catch {
      return `\`${bin}\` is not on PATH`;
    }
  }
  return undefined;
}

export interface SshHost {
  /** The host's address inside its namespace. */
  address: string;
  port: number;
  user: string;
  /** The private key that logs in. */
  identity: string;
  /** A known_hosts file that knows this host's key. */
  knownHosts: string;
  /** A known_hosts file that knows another key for it (a "changed" key) — stays empty here. */
  dir: string;
  /** Runs a command inside the namespace (e.g. to stop the sshd). */
  netnsExec(args: string[]): string;
  /** Stops sshd (the host is "down": connections are refused). */
  stopSshd(): Promise<void>;
  /**
   * Kills sshd's session processes (every sshd in the namespace but the listener): each connection to
   * the host drops as if the network had cut it, while what was started detached there keeps running.
   * Returns how many were killed.
   */
  killSessions(): number;
  /** Takes this machine's end of the link down for `ms`, then up again (packets are dropped meanwhile). */
  dropLink(ms: number): Promise<void>;
  /** The command lines of every process in the namespace (sshd, and what runs on the host). */
  processes(): string[];
  /** Kills every process in the namespace, sshd too: the host is gone (connections are refused). */
  killAll(): number;
  close(): Promise<void>;
}

/** The host's entry for config `hosts` (or an SshExecutor): how to reach it, and its folder `root`. */
export function hostConfig(
  h: SshHost,
  root: string,
  extra: { wip?: number; lost_after?: number; fallback?: string } = {},
): {
  ssh: string;
  port: number;
  identity: string;
  known_hosts: string;
  root: string;
  wip: number;
} & typeof extra {
  return {
    ssh: `${h.user}@${h.address}`,
    port: h.port,
    identity: h.identity,
    known_hosts: h.knownHosts,
    root,
    wip: 2,
    ...extra,
  };
}

export interface SshHostOptions {
  /** sshd_config `SetEnv PATH=...` for sessions (a host whose PATH lacks something). */
  path?: string;
  /**
   * Folders covered by an empty tmpfs in sshd's own mount namespace (so on the "host"): a folder of
   * this machine the host must not see, or the host's root, which this machine then does not see.
   */
  privateMounts?: string[];
}

const live = new Set<() => void>();
process.on('exit', () => {
  for (const cleanup of live) cleanup();
});

function sh(file: string, args: string[]): string {
  return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function startSshHost(options: SshHostOptions = {}): Promise<SshHost> {
  const tag = randomBytes(3).toString('hex');
  const ns = `grove-t-${tag}`;
  const vethOut = `gv${tag}o`;
  const vethIn = `gv${tag}i`;
  const [b, c] = [randomBytes(1)[0]!, (randomBytes(1)[0]! & 0xfc) >>> 0];
  const outside = `10.213.${b}.${c + 1}`;
  const address = `10.213.${b}.${c + 2}`;
  const port = 2222;
  const dir = mkdtempSync(join(tmpdir(), 'grove-sshd-'));
  let sshd: ChildProcess | undefined;

  const nsPids = (): number[] => {
    try {
      return execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  };
  const kill = (pid: number): boolean => {
    try {
      process.kill(pid, 'SIGKILL');
      return true;
    } catch {
      return false;
    }
  };
  const comm = (pid: number): string => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      return '';
    }
  };

  const cleanupSync = (): void => {
    if (sshd?.pid !== undefined && sshd.exitCode === null && sshd.signalCode === null) {
      try {
        process.kill(sshd.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    // Every process left in the namespace: sshd's sessions outlive the listener (their client across
    // the veth is gone, so they would wait forever), and whatever a test started on the host.
    try {
      const pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' });
      for (const pid of pids.split('\n').filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // gone
        }
      }
    } catch {
      // not created, or gone
    }
    try {
      execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    } catch {
      // not created, or gone
    }
    try {
      execFileSync('ip', ['link', 'del', vethOut], { stdio: 'ignore' });
    } catch {
      // removed with the namespace
    }
    rmSync(dir, { recursive: true, force: true });
  };
  live.add(cleanupSync);

  try {
    sh('ip', ['netns', 'add', ns]);
    sh('ip', ['link', 'add', vethOut, 'type', 'veth', 'peer', 'name', vethIn]);
    sh('ip', ['link', 'set', vethIn, 'netns', ns]);
    sh('ip', ['addr', 'add', `${outside}/30`, 'dev', vethOut]);
    sh('ip', ['link', 'set', vethOut, 'up']);
    const inNs = (args: string[]): string => sh('ip', ['netns', 'exec', ns, ...args]);
    inNs(['ip', 'addr', 'add', `${address}/30`, 'dev', vethIn]);
    inNs(['ip', 'link', 'set', vethIn, 'up']);
    inNs(['ip', 'link', 'set', 'lo', 'up']);

    const hostKey = join(dir, 'host_ed25519');
    const identity = join(dir, 'user_ed25519');
    sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'grove-test-host', '-f', hostKey]);
    sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'grove-test-user', '-f', identity]);
    const authorized = join(dir, 'authorized_keys');
    writeFileSync(authorized, readFileSync(`${identity}.pub`), { mode: 0o600 });
    const knownHosts = join(dir, 'known_hosts');
    const hostPub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
    writeFileSync(knownHosts, `[${address}]:${port} ${hostPub}\n`);
    const config = [
      `ListenAddress ${address}:${port}`,
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorized}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'PrintMotd no',
      'LogLevel VERBOSE',
      ...(options.path !== undefined ? [`SetEnv PATH=${options.path}`] : []),
    ];
    const configPath = join(dir, 'sshd_config');
    writeFileSync(configPath, `${config.join('\n')}\n`);
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege-separation folder
    const mounts = options.privateMounts ?? [];
    const command =
      mounts.length === 0
        ? [SSHD, '-D', '-e', '-f', configPath]
        : [
            'unshare',
            '-m',
            '--propagation',
            'private',
            'sh',
            '-c',
            'for d in "$@"; do mount -t tmpfs grove-test "$d" || exit 1; done; exec "$0" -D -e -f "$CONFIG"',
            SSHD,
            ...mounts,
          ];
    sshd = spawn('ip', ['netns', 'exec', ns, ...command], {
      env: { ...process.env, CONFIG: configPath },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    sshd.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    await waitForPort(address, port, sshd, () => log);

    const host: SshHost = {
      address,
      port,
      user: 'root',
      identity,
      knownHosts,
      dir,
      netnsExec: inNs,
      killSessions: () =>
        nsPids().filter((pid) => pid !== sshd?.pid && comm(pid).startsWith('sshd') && kill(pid)).length,
      dropLink: async (ms) => {
        sh('ip', ['link', 'set', vethOut, 'down']);
        try {
          await new Promise((resolve) => setTimeout(resolve, ms));
        } finally {
          sh('ip', ['link', 'set', vethOut, 'up']);
        }
      },
      processes: () =>
        nsPids().map((pid) => {
          try {
            return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
          } catch {
            return '';
          }
        }),
      killAll: () => nsPids().filter((pid) => kill(pid)).length,
      stopSshd: async () => {
        const child = sshd;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      },
      close: async () => {
        await host.stopSshd();
        cleanupSync();
        live.delete(cleanupSync);
      },
    };
    return host;
  } catch (error) {
    cleanupSync();
    live.delete(cleanupSync);
    throw error;
  }
}

/** Resolves once something accepts connections on address:port; rejects if sshd exits first. */
async function waitForPort(
  address: string,
  port: number,
  child: ChildProcess,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`sshd exited (${child.exitCode ?? child.signalCode}): ${log()}`);
    }
    const up = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: address, port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (up) return;
    if (Date.now() > deadline) throw new Error(`sshd did not listen on ${address}:${port}: ${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
