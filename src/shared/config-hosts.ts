import { z } from 'zod';

/**
 * Config `hosts`: machines agents may run on, reached with the system OpenSSH client (so
 * `~/.ssh/config`, the agent and known_hosts work as usual). Host key checking is never turned off:
 * an unknown key fails `grove hosts check` with how to add it, or `known_hosts` names the file to trust.
 */
export const HostSchema = z.strictObject({
  /** `user@host`, `host`, or an alias from ~/.ssh/config. */
  ssh: z
    .string()
    .regex(
      /^(?:[A-Za-z0-9._][A-Za-z0-9._-]*@)?[A-Za-z0-9_.:[\]][A-Za-z0-9._:%[\]-]*$/,
      'write `user@host`, `host` or an ~/.ssh/config alias (no spaces, not starting with "-")',
    ),
  port: z.number().int().min(1).max(65535).optional(),
  /** A private key file (`~/` is this machine's home). */
  identity: z.string().min(1).optional(),
  /** The folder on the host grove works in (absolute, or `~/...` for the login user's home). */
  root: z
    .string()
    .regex(/^(?:\/|~\/)[^\0\n]*$/, 'write an absolute folder on the host (`/srv/grove`) or `~/grove`'),
  /** How many of this host's tasks may run at once (the global `wip` still applies). */
  wip: z.number().int().min(1).max(64).default(2),
  /**
   * A known_hosts file to check this host's key against instead of ~/.ssh/known_hosts (relative to
   * the repository root, absolute, or `~/`). Checking stays strict either way.
   */
  known_hosts: z.string().min(1).optional(),
  /**
   * Seconds the host may go without answering before the attempts on it count as lost (the host is
   * gone, or the network to it); default 120. Until then an unreachable host is alive-but-unknown.
   */
  lost_after: z.number().min(1).max(86_400).optional(),
  /**
   * Another host of `hosts` that this host's tasks run on when it cannot be reached as an attempt
   * starts (e.g. the retry after its attempt was lost because the host disappeared).
   */
  fallback: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*$/)
    .optional(),
});
export type HostConfig = z.infer<typeof HostSchema>;

export const HOST_NAME = /^[a-z][a-z0-9_-]*$/;

export const HostsSchema = z
  .record(z.string().regex(HOST_NAME), HostSchema)
  .superRefine((hosts, ctx) => {
    for (const [name, host] of Object.entries(hosts)) {
      if (name === 'any')
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'rename this host: `host: any` means "whichever host has room" in task files and agents',
        });
      if (host.fallback === undefined) continue;
      if (host.fallback === name || !Object.hasOwn(hosts, host.fallback)) {
        ctx.addIssue({
          code: 'custom',
          path: [name, 'fallback'],
          message: `name another host of \`hosts\` (${
            Object.keys(hosts)
              .filter((h) => h !== name)
              .join(', ') || 'there is none'
          })`,
        });
      }
    }
  })
  .default({});
export type HostsConfig = z.infer<typeof HostsSchema>;
