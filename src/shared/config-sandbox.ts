import { z } from 'zod';

/**
 * Which layer keeps the agent in: `runtime` (the default), Anthropic's sandbox-runtime (bubblewrap and a
 * filtering proxy); `podman`, a podman container with the same policy (src/infra/sandbox/container*.ts).
 * `docker` is named so that asking for it gets a clear refusal, not a schema error.
 */
const SANDBOX_ENGINES = ['runtime', 'podman', 'docker'] as const;

/**
 * `sandbox:` of an agent (config `agents.<name>.sandbox`) or of a task file (which comes first).
 * `true` or an object: the agent sees only its worktree (read-write), the git data it commits with,
 * read-only system folders, and reaches only `allow_hosts` over the network. `false`: off.
 */
export const SandboxSettingsSchema = z.strictObject({
  /** Hosts the agent may reach: `host`, `host:port`, `*.example.com`, `127.0.0.1:8080`. */
  allow_hosts: z.array(z.string().min(1)).default([]),
  /** More folders it may read (absolute, or `~/…`). */
  allow_read: z.array(z.string().min(1)).default([]),
  /** More folders it may write (absolute, or `~/…`). */
  allow_write: z.array(z.string().min(1)).default([]),
  /** The layer: `runtime` (sandbox-runtime) or `podman` (a container). */
  engine: z.enum(SANDBOX_ENGINES).default('runtime'),
  /** podman only: the container image; absent, the container's root is this machine's, read-only. */
  image: z.string().min(1).optional(),
});
export type SandboxSettings = z.infer<typeof SandboxSettingsSchema>;

export const SandboxConfigSchema = z.union([z.boolean(), SandboxSettingsSchema]);
export type SandboxConfig = z.infer<typeof SandboxConfigSchema>;

/** The settings in force: the task's own `sandbox` first, else the agent's; undefined when off. */
export function effectiveSandbox(
  task: SandboxConfig | undefined,
  agent: SandboxConfig | undefined,
): SandboxSettings | undefined {
  const chosen = task ?? agent;
  if (chosen === undefined || chosen === false) return undefined;
  if (chosen === true) return { allow_hosts: [], allow_read: [], allow_write: [], engine: 'runtime' };
  return chosen;
}
