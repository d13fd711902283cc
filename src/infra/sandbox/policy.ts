import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import type { SandboxSettings } from '../../shared/config-sandbox.js';

/**
 * What one sandboxed attempt may touch, as the attempt wrapper hands it to sandbox-runtime (it is part
 * of `<attempt>.launch.json`). Reads are allowed everywhere except `denyRead`, within which `allowRead`
 * opens folders again; writes only in `allowWrite`, never in `denyWrite`; the network only to
 * `allowHosts` (through sandbox-runtime's proxy: the agent has no network of its own).
 */
/** A podman container's own facts (engine `podman`): src/infra/sandbox/container.ts. */
export const ContainerSpecSchema = z.object({
  /** The container's name (`grove-<worktree>-<random>`): how the wrapper and grove remove it. */
  name: z.string().min(1),
  /** The podman program. */
  podman: z.string().min(1),
  /** The OCI runtime podman is told to use (runc when present); empty: podman's own choice. */
  ociRuntime: z.string(),
  /** The image; absent: this machine's root, read-only (`--rootfs /:O`). */
  image: z.string().min(1).optional(),
});
export type ContainerSpec = z.infer<typeof ContainerSpecSchema>;

export const SandboxPolicySchema = z.object({
  /** Which layer applies the policy (an older launch file has none: sandbox-runtime). */
  engine: z.enum(['runtime', 'podman']).default('runtime'),
  /** Set when `engine` is `podman`. */
  container: ContainerSpecSchema.optional(),
  allowHosts: z.array(z.string()),
  denyRead: z.array(z.string()),
  allowRead: z.array(z.string()),
  allowWrite: z.array(z.string()),
  denyWrite: z.array(z.string()),
  /** The agent's temporary folder (TMPDIR), inside `allowWrite`. */
  tmpDir: z.string(),
  /**
   * The layer (absolute paths): sandbox-runtime's entry module, the programs it runs, and the two files
   * of its package it hands the agent (its seccomp helper, its Java proxy agent). The wrapper has the
   * runtime bundled in, away from its package: it is told where they are instead of looking.
   */
  layer: z.object({
    runtime: z.string(),
    bwrap: z.string(),
    socat: z.string(),
    rg: z.string(),
    applySeccomp: z.string(),
    javaAgent: z.string(),
  }),
});
export type SandboxPolicy = z.infer<typeof SandboxPolicySchema>;

export interface SandboxPlace {
  worktree: string;
  /** The main checkout (its working files are hidden: the agent sees its own worktree only). */
  mainRoot: string;
  /** The repository's git folder shared by every worktree (`git rev-parse --git-common-dir`). */
  commonDir: string;
  /** This worktree's own git folder (`<commonDir>/worktrees/<name>`); the commonDir for the main one. */
  gitDir: string;
  /** grove's state folder (attempt files, the database): never readable or writable inside. */
  stateDir: string;
  /** The agent's private home (under the state folder), readable and writable. */
  agentHome: string;
  /** The home of the user grove runs as: hidden (keys, tokens, other projects). */
  userHome: string;
  /** Folders holding the agent's program (its install under the user's home, say): readable. */
  programDirs: string[];
}

/** What the compound step curates in the main checkout; agents read it as their instructions. */
const KNOWLEDGE_FILES = ['AGENTS.md', 'CLAUDE.md'];

/** The folders of one attempt's sandbox (pure: paths in, paths out). */
export function sandboxPolicy(
  place: SandboxPlace,
  settings: SandboxSettings,
  layer: SandboxPolicy['layer'],
): SandboxPolicy {
  const own = (p: string): string => expandHome(p, place.userHome);
  const tmpDir = join(place.agentHome, 'tmp');
  return {
    engine: 'runtime',
    allowHosts: [...settings.allow_hosts],
    denyRead: unique([place.userHome, place.mainRoot, place.commonDir, place.stateDir]),
    allowRead: unique([
      place.worktree,
      place.gitDir,
      ...['objects', 'refs', 'logs', 'packed-refs', 'HEAD', 'config', 'info', 'commondir'].map((f) =>
        join(place.commonDir, f),
      ),
      place.agentHome,
      ...place.programDirs,
      // The main checkout's knowledge files come back read-only over its tmpfs, so a write to them
      // fails (EROFS, reported as a denial) instead of landing unseen in the tmpfs.
      ...KNOWLEDGE_FILES.map((f) => join(place.mainRoot, f)),
      ...settings.allow_read.map(own),
    ]),
    // What `git commit` in a worktree writes: objects, the branch's ref and log, the worktree's index.
    allowWrite: unique([
      place.worktree,
      place.gitDir,
      join(place.commonDir, 'objects'),
      join(place.commonDir, 'refs'),
      join(place.commonDir, 'logs'),
      place.agentHome,
      ...settings.allow_write.map(own),
    ]),
    // Hooks and config run code outside the sandbox the next time grove (or a person) uses git.
    // The rest of the main checkout is hidden behind an empty tmpfs: a write there lands in it and is
    // thrown away when the agent ends.
    denyWrite: [join(place.commonDir, 'hooks'), join(place.commonDir, 'config')],
    tmpDir,
    layer,
  };
}

function expandHome(p: string, home: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return join(home, p.slice(2));
  return isAbsolute(p) ? p : resolve(p);
}

/** True when `inner` is `outer` or inside it. */
export function isInside(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith('/') ? outer : `${outer}/`);
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)];
}
