// The podman engine (`sandbox: { engine: podman }`): the agent in a container with the attempt's policy,
// reaching the network through sandbox-runtime's filtering proxy like the runtime engine does.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { generateProxyEnvVars } from '@anthropic-ai/sandbox-runtime/dist/sandbox/sandbox-utils.js';
import type { SandboxSettings } from '../../shared/config-sandbox.js';
import { GroveError } from '../../shared/errors.js';
import {
  containerName,
  HTTP_PROXY_PORT,
  parseHardLimits,
  podmanRunArgs,
  removeContainerArgs,
  SOCKS_PROXY_PORT,
  type HardLimits,
} from './container-args.js';
import type { DenialCollector } from './denials.js';
import { findProgram } from './layer.js';
import type { ContainerSpec, SandboxPolicy } from './policy.js';
import type { SandboxedLaunch } from './run.js';
import { traceStep } from './trace.js';

/** PATH's folders (podman is looked for there), and for the OCI runtime also /usr/sbin, where Debian puts runc. */
function programPath(env: NodeJS.ProcessEnv, withSbin = false): string[] {
  const path = (env.PATH ?? '').split(delimiter).filter(Boolean);
  return withSbin ? [...new Set([...path, '/usr/sbin', '/sbin'])] : path;
}

/**
 * The container of one attempt, checked before anything starts: podman must be here (else a clear
 * error; the agent is never run unsandboxed instead). The OCI runtime is runc when present: crun,
 * podman's default, refuses to start on a host with cgroups v1 and v2 mounted side by side ("cgroups in
 * hybrid mode not supported"), where runc works; without runc podman picks its own.
 */
export function containerSpec(
  settings: SandboxSettings,
  worktree: string,
  env: NodeJS.ProcessEnv,
): ContainerSpec {
  const podman = findProgram('podman', programPath(env));
  if (!podman) {
    throw new GroveError('AGENT_NOT_FOUND', 'sandbox: podman is not installed; the agent was not started', {
      hint: 'install it (Debian/Ubuntu packages podman and runc: `apt-get install podman runc`), or use `engine: runtime`',
    });
  }
  return {
    name: containerName(worktree, randomBytes(4).toString('hex')),
    podman,
    ociRuntime: findProgram('runc', programPath(env, true)) ?? '',
    ...(settings.image !== undefined ? { image: settings.image } : {}),
  };
}

/** The hard limits this process runs under (the container's may not exceed them). */
function hardLimits(): HardLimits {
  const read = (file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  const pidMax = /^\d+$/.test(read('/proc/sys/kernel/pid_max').trim())
    ? Number(read('/proc/sys/kernel/pid_max').trim())
    : undefined;
  return parseHardLimits(read('/proc/self/limits'), pidMax);
}

interface ContainerLaunchInput {
  file: string;
  args: readonly string[];
  policy: SandboxPolicy;
  cwd: string;
  denials: DenialCollector;
  proxy: { httpSocket: string; socksSocket: string; token: string | undefined };
}

/**
 * `podman run` for the agent. The proxy's variables (its credential among them) and TMPDIR go in a
 * private file podman reads, not on its command line; the file goes when the attempt ends. It is made
 * in the agent's own TMPDIR (under grove's state folder, and the agent has these variables anyway), so
 * a wrapper killed before its cleanup leaves nothing in the machine's /tmp.
 */
export function containerLaunch(input: ContainerLaunchInput): SandboxedLaunch {
  const { policy } = input;
  const container = policy.container;
  if (!container) throw new Error('sandbox: engine podman without its container');
  const dir = mkdtempSync(join(policy.tmpDir, 'grove-podman-'));
  const envFile = join(dir, 'agent.env');
  const vars = [
    ...generateProxyEnvVars(HTTP_PROXY_PORT, SOCKS_PROXY_PORT, undefined, input.proxy.token, true),
    `TMPDIR=${policy.tmpDir}`,
  ];
  writeFileSync(envFile, `${vars.join('\n')}\n`, { mode: 0o600 });
  const args = podmanRunArgs({
    policy,
    container,
    cwd: input.cwd,
    file: input.file,
    args: input.args,
    exists: existsSync,
    limits: hardLimits(),
    envFile,
    proxy: {
      httpSocket: input.proxy.httpSocket,
      socksSocket: input.proxy.socksSocket,
      socat: policy.layer.socat,
    },
  });
  traceStep('wrapped');
  return {
    file: container.podman,
    args,
    denials: input.denials,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
    stopCommand: { file: container.podman, args: removeContainerArgs(container) },
    startFailure: (code, stderrTail) => podmanStartFailure(code, stderrTail, container),
  };
}

/**
 * podman's own failure, as the attempt's error with podman's words and what to try: exit 125 (podman
 * failed), or 126/127 with podman's `Error:` line (the OCI runtime could not create the container).
 * Any other exit is the agent's.
 */
export function podmanStartFailure(
  code: number | null,
  stderrTail: string,
  container: Pick<ContainerSpec, 'ociRuntime'>,
): string | undefined {
  const lines = stderrTail.split('\n').map((l) => l.trim());
  const podmanSaid = lines.filter((l) => l.startsWith('Error:'));
  if (code !== 125 && !((code === 126 || code === 127) && podmanSaid.length > 0)) return undefined;
  const said = podmanSaid.join(' ').slice(-600);
  const runtime = container.ociRuntime ? `runtime ${container.ociRuntime}` : "podman's default runtime";
  return (
    `podman could not start the container (${runtime}): ${said || stderrTail.trim().slice(-600) || 'no message'}` +
    ' (try `podman --runtime runc --cgroup-manager cgroupfs run --rm --rootfs /:O true` on this machine; ' +
    'install runc if crun is in use; or use `engine: runtime`)'
  );
}
