import { join } from 'node:path';
import { localExecutor } from '../../infra/executor/local.js';
import { SshExecutor } from '../../infra/executor/ssh.js';
import type { Config } from '../../shared/config.js';
import { GroveError } from '../../shared/errors.js';
import type { Executor } from './types.js';

/**
 * The executor of each place a task can run: this machine (`host` null) or a named host from config
 * `hosts`, one SshExecutor (one shared connection, one mirror) per host for the life of the process.
 */
export class HostExecutors {
  private readonly ssh = new Map<string, SshExecutor>();

  constructor(
    private readonly config: Pick<Config, 'hosts'>,
    private readonly places: { mainRoot: string; stateDir: string },
  ) {}

  /** The executor for a task's `host` column; a host config no longer has is a clear error. */
  forHost(host: string | null): Executor {
    if (host === null) return localExecutor;
    let executor = this.ssh.get(host);
    if (!executor) {
      const entry = Object.hasOwn(this.config.hosts, host) ? this.config.hosts[host] : undefined;
      if (!entry) {
        const known = Object.keys(this.config.hosts).sort();
        throw new GroveError(
          'CONFIG_INVALID',
          `the task runs on host "${host}", which is not in config hosts`,
          {
            hint:
              known.length > 0
                ? `known hosts: ${known.join(', ')}`
                : 'add it under `hosts` in .grove/config.yaml',
          },
        );
      }
      executor = new SshExecutor(
        {
          name: host,
          host: entry,
          repoRoot: this.places.mainRoot,
          controlDir: join(this.places.stateDir, 'ssh'),
        },
        { stateDir: this.places.stateDir },
      );
      this.ssh.set(host, executor);
    }
    return executor;
  }

  /** Ends the hosts' shared connections (agents on them keep running). */
  async close(): Promise<void> {
    await Promise.all([...this.ssh.values()].map((e) => e.close()));
    this.ssh.clear();
  }
}
