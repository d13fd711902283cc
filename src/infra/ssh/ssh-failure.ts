// What OpenSSH's own failure (exit 255 and its stderr) means for a person, and what to do about it.
// Pure: text in, a sentence and a hint out.

export type SshFailureKind =
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'refused'
  | 'timeout'
  | 'unreachable'
  | 'unresolved'
  | 'auth'
  | 'other';

export interface SshFailure {
  kind: SshFailureKind;
  message: string;
  hint: string;
}

export interface FailureContext {
  /** The host's name in config. */
  name: string;
  /** `user@host` (or alias) from config. */
  ssh: string;
  port: number | undefined;
  /** The known_hosts file grove checks against, when config names one. */
  knownHosts: string | undefined;
  identity: string | undefined;
}

/** The host part of `user@host` (what known_hosts and ssh-keyscan name). */
export function hostPart(ssh: string): string {
  return ssh.slice(ssh.lastIndexOf('@') + 1);
}

/** True when `stderr` (with exit 255) is ssh failing to connect, not the remote command's own output. */
export function isSshFailure(code: number | null, stderr: string): boolean {
  return code === 255 && classifySshFailure(stderr, DUMMY).kind !== 'other';
}

const DUMMY: FailureContext = {
  name: '',
  ssh: '',
  port: undefined,
  knownHosts: undefined,
  identity: undefined,
};

export function classifySshFailure(stderr: string, ctx: FailureContext): SshFailure {
  const where = `${ctx.ssh}${ctx.port !== undefined ? ` port ${ctx.port}` : ''}`;
  const host = hostPart(ctx.ssh);
  const file = ctx.knownHosts ?? '~/.ssh/known_hosts';
  const last = lastLine(stderr);
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(stderr)) {
    return {
      kind: 'host-key-changed',
      message: `host ${ctx.name} (${where}) presented a different host key than ${file} has: it may have been reinstalled, or someone is in between`,
      hint: `find out why with the host's owner; if the new key is right, remove the old one (ssh-keygen -R ${keyName(host, ctx.port)}${ctx.knownHosts ? ` -f ${ctx.knownHosts}` : ''}) and add the new one`,
    };
  }
  if (/host key is known for|Host key verification failed/i.test(stderr)) {
    const scan = `ssh-keyscan${ctx.port !== undefined ? ` -p ${ctx.port}` : ''} ${host}`;
    return {
      kind: 'host-key-unknown',
      message: `host ${ctx.name} (${where}): its host key is not in ${file}, and grove never connects to a host it cannot verify`,
      hint: `compare the key's fingerprint with the host's own (on the host: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then add it: \`${scan} >> ${file}\`, or connect once with \`ssh${ctx.port !== undefined ? ` -p ${ctx.port}` : ''} ${ctx.ssh}\` and accept it${ctx.knownHosts ? '' : `; or set hosts.${ctx.name}.known_hosts to a file that has it`}`,
    };
  }
  if (/Connection refused/i.test(stderr)) {
    return {
      kind: 'refused',
      message: `host ${ctx.name} (${where}) refused the connection: nothing listens for SSH there`,
      hint: `start sshd on the host, or fix hosts.${ctx.name}.port (the port sshd listens on)`,
    };
  }
  if (/timed out/i.test(stderr)) {
    return {
      kind: 'timeout',
      message: `host ${ctx.name} (${where}) did not answer in time: it is down, or a firewall drops the connection`,
      hint: `check that the machine is up and reachable from here (ping ${host}), and hosts.${ctx.name}.ssh`,
    };
  }
  if (/No route to host|Network is unreachable|Host is unreachable/i.test(stderr)) {
    return {
      kind: 'unreachable',
      message: `host ${ctx.name} (${where}) cannot be reached from here (${last})`,
      hint: `check that the machine is up and on a network this one can reach, and hosts.${ctx.name}.ssh`,
    };
  }
  if (/Could not resolve hostname|Name or service not known|nodename nor servname/i.test(stderr)) {
    return {
      kind: 'unresolved',
      message: `host ${ctx.name}: the name ${host} does not resolve`,
      hint: `fix hosts.${ctx.name}.ssh (user@host, or an alias from ~/.ssh/config)`,
    };
  }
  if (/Permission denied|Too many authentication failures|no mutual signature/i.test(stderr)) {
    return {
      kind: 'auth',
      message: `host ${ctx.name} (${where}) did not accept grove's login (${last})`,
      hint: ctx.identity
        ? `check that the public key of ${ctx.identity} is in the host user's ~/.ssh/authorized_keys`
        : `add your public key to the host user's ~/.ssh/authorized_keys, load it into your ssh agent, or set hosts.${ctx.name}.identity`,
    };
  }
  return {
    kind: 'other',
    message: `host ${ctx.name} (${where}): ssh failed${last ? `: ${last}` : ''}`,
    hint: `try \`ssh${ctx.port !== undefined ? ` -p ${ctx.port}` : ''} ${ctx.ssh} true\` by hand to see why`,
  };
}

function keyName(host: string, port: number | undefined): string {
  return port === undefined || port === 22 ? host : `'[${host}]:${port}'`;
}

function lastLine(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('@@@'));
  return lines.at(-1) ?? '';
}
