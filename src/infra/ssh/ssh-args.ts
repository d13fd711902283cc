import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { HostConfig } from '../../shared/config-hosts.js';

/** Longest unix socket path (sun_path is 108 bytes on Linux, 104 on macOS), with room for ssh's suffix. */
const MAX_SOCKET_PATH = 90;

export interface SshTarget {
  /** The host's name in config. */
  name: string;
  host: HostConfig;
  /** Where relative paths in the host's config (known_hosts) are read from: the repository root. */
  repoRoot: string;
  /** Folder for the connection's control socket (grove's state folder / ssh). */
  controlDir: string;
  /** Seconds a multiplexed connection stays open after its last use. Default 60. */
  persistSeconds?: number;
  /** Seconds to wait for the TCP connection and the handshake. Default 10. */
  connectTimeoutSeconds?: number;
}

/** A path from config on this machine: `~/` is this user's home, relative is from the repository. */
export function localPath(path: string, repoRoot: string): string {
  if (path === '~' || path.startsWith('~/')) return join(homedir(), path.slice(1));
  return isAbsolute(path) ? path : resolve(repoRoot, path);
}

/** The control socket of a host's shared connection, or undefined when the path would be too long. */
export function controlSocket(target: SshTarget): string | undefined {
  const id = createHash('sha256')
    .update(`${target.host.ssh}\0${target.host.port ?? ''}\0${target.host.identity ?? ''}`)
    .digest('hex')
    .slice(0, 16);
  const path = join(target.controlDir, `${target.name.slice(0, 20)}-${id}`);
  return path.length <= MAX_SOCKET_PATH ? path : undefined;
}

/**
 * The `ssh` arguments before the remote command. Host keys are always checked strictly (an unknown or
 * changed key fails; `known_hosts` only changes which file is trusted); no password prompts (BatchMode),
 * so grove never hangs waiting for a person; one shared connection per host (ControlMaster).
 */
export function sshArgs(target: SshTarget): string[] {
  const { host } = target;
  return [
    ...sshOptionArgs(target),
    ...(host.port !== undefined ? ['-p', String(host.port)] : []),
    '--',
    host.ssh,
  ];
}

/** The options of {@link sshArgs} without the port and the destination (for `GIT_SSH_COMMAND`). */
export function sshOptionArgs(target: SshTarget): string[] {
  const { host } = target;
  const args = [
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `ConnectTimeout=${target.connectTimeoutSeconds ?? 10}`,
    '-o',
    'ServerAliveInterval=15',
    '-o',
    'ServerAliveCountMax=3',
    '-T',
  ];
  const socket = controlSocket(target);
  if (socket) {
    args.push('-o', 'ControlMaster=auto', '-o', `ControlPath=${socket}`);
    args.push('-o', `ControlPersist=${target.persistSeconds ?? 60}`);
  } else {
    args.push('-o', 'ControlMaster=no', '-o', 'ControlPath=none');
  }
  if (host.identity !== undefined) {
    args.push('-i', localPath(host.identity, target.repoRoot), '-o', 'IdentitiesOnly=yes');
  }
  if (host.known_hosts !== undefined) {
    args.push('-o', `UserKnownHostsFile=${localPath(host.known_hosts, target.repoRoot)}`);
  }
  return args;
}
