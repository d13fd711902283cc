// `grove demo` spread over two SSH hosts made on this machine: each host is a network namespace with
// Debian's sshd on a private address and keys made for this run, and it cannot see the folder the
// demo's repository lives in (an empty tmpfs covers it there), so every task really runs on a host and
// comes back over git. Needs root, `ip`, sshd (openssh-server) and a built grove (`npm run build`).
// Usage: node --import tsx scripts/demo-hosts.ts [more grove demo flags, e.g. --keep --no-dashboard]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { SshHost } from '../test/helpers/ssh-host.js';
import { hostConfig, sshHostMissing, startSshHost } from '../test/helpers/ssh-host.js';

const HOSTS = 2;

async function main(): Promise<number> {
  const missing = sshHostMissing();
  if (missing !== undefined) {
    process.stderr.write(`demo-hosts: cannot make SSH hosts here: ${missing}\n`);
    return 2;
  }
  // The demo's temp folder (repository, worktrees, state) is made in `local`, which the hosts do not
  // see; each host keeps its clone and worktrees in `hostRoots`, which this machine does not see.
  const local = mkdtempSync(join(tmpdir(), 'grove-demo-hosts-local-'));
  const hostRoots = mkdtempSync(join(tmpdir(), 'grove-demo-hosts-remote-'));
  const hosts: SshHost[] = [];
  try {
    for (let i = 0; i < HOSTS; i++) hosts.push(await startSshHost({ privateMounts: [local, hostRoots] }));
    const file = join(local, 'hosts.yaml');
    const entries = hosts.map((h, i) => {
      const name = `box${i + 1}`;
      return [name, hostConfig(h, join(hostRoots, name))] as const;
    });
    writeFileSync(file, stringify({ hosts: Object.fromEntries(entries) }));
    process.stdout.write(
      `demo-hosts: ${hosts.map((h, i) => `box${i + 1} at ${h.user}@${h.address}`).join(', ')}\n`,
    );
    const grove = resolve(import.meta.dirname, '..', 'bin', 'grove.js');
    const args = [grove, 'demo', '--hosts', file, ...process.argv.slice(2)];
    const child = spawn(process.execPath, args, {
      stdio: 'inherit',
      env: { ...process.env, TMPDIR: local },
    });
    const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    return await new Promise<number>((done) => child.on('exit', (code) => done(code ?? 1)));
  } finally {
    await Promise.all(hosts.map((h) => h.close()));
    // --keep leaves the demo's folder (under `local`) for a look; the hosts' copies go with their tmpfs.
    if (!process.argv.includes('--keep')) rmSync(local, { recursive: true, force: true });
    rmSync(hostRoots, { recursive: true, force: true });
  }
}

process.exitCode = await main();
