import { mkdirSync } from 'node:fs';
// The manager alone, not the package's index: that also loads its config schemas (zod) and CLI helpers.
import { SandboxManager } from '@anthropic-ai/sandbox-runtime/dist/sandbox/sandbox-manager.js';
import { containerLaunch } from './container.js';
import type { SandboxPolicy } from './policy.js';
import { DenialCollector } from './denials.js';
import { traceStep } from './trace.js';

/** What the attempt wrapper spawns instead of the agent: a shell line that runs it inside the sandbox. */
export interface SandboxedLaunch {
  file: string;
  args: string[];
  /** Reads the agent's stderr (for denials the kernel reported to it) and the proxy's refusals. */
  denials: DenialCollector;
  /** Undoes what the layer left on the host (mount points for missing deny paths, files, a container). */
  cleanup(): void;
  /**
   * What ends the sandbox at once when the wrapper is told to stop: a container lives on under podman's
   * conmon, outside the wrapper's process group, so a signal to the group does not reach it.
   */
  stopCommand?: { file: string; args: string[] };
  /** The attempt's error when the layer itself failed to start the agent (from its exit code and stderr). */
  startFailure?(code: number | null, stderrTail: string): string | undefined;
}

/**
 * Starts sandbox-runtime in this process (the wrapper: its proxy must live as long as the agent, and
 * the wrapper outlives grove), then wraps `file args` with the policy's engine: bubblewrap through
 * sandbox-runtime, or a podman container (container.ts) reaching the same proxy.
 */
export async function sandboxedLaunch(
  file: string,
  args: readonly string[],
  policy: SandboxPolicy,
  cwd: string,
): Promise<SandboxedLaunch> {
  traceStep('launch');
  mkdirSync(policy.tmpDir, { recursive: true });
  const denials = await startLayer(policy);
  if (policy.engine === 'podman') {
    return containerLaunch({ file, args, policy, cwd, denials, proxy: proxySockets() });
  }
  return runtimeLaunch(file, args, policy, denials);
}

/**
 * sandbox-runtime's manager with the policy: its filtering proxy (which lets only `allowHosts`
 * through) and, on Linux, its unix-socket bridges to that proxy. Its refusals go to the collector.
 */
async function startLayer(policy: SandboxPolicy): Promise<DenialCollector> {
  await SandboxManager.initialize({
    network: { allowedDomains: policy.allowHosts, deniedDomains: [] },
    filesystem: {
      denyRead: policy.denyRead,
      allowRead: policy.allowRead,
      allowWrite: policy.allowWrite,
      denyWrite: policy.denyWrite,
    },
    bwrapPath: policy.layer.bwrap,
    socatPath: policy.layer.socat,
    ripgrep: { command: policy.layer.rg },
    seccomp: { applyPath: policy.layer.applySeccomp },
    javaAgentJarPath: policy.layer.javaAgent,
  });
  traceStep('initialized');
  const denials = new DenialCollector(policy.denyRead);
  SandboxManager.getSandboxViolationStore().subscribe((all) => {
    for (const v of all) denials.noteViolation(v.line);
  });
  return denials;
}

/** The proxy's unix sockets on the host and its credential (what a container needs to reach it). */
function proxySockets(): { httpSocket: string; socksSocket: string; token: string | undefined } {
  const httpSocket = SandboxManager.getLinuxHttpSocketPath();
  const socksSocket = SandboxManager.getLinuxSocksSocketPath();
  if (!httpSocket || !socksSocket) throw new Error("sandbox-runtime's proxy bridge did not start");
  return { httpSocket, socksSocket, token: SandboxManager.getProxyAuthToken() };
}

/**
 * bubblewrap through sandbox-runtime. Loopback is taken out of `no_proxy`: the agent has no network of
 * its own (its 127.0.0.1 is not the host's), so a local model server is reached through the proxy,
 * which lets only `allowHosts` through.
 */
async function runtimeLaunch(
  file: string,
  args: readonly string[],
  policy: SandboxPolicy,
  denials: DenialCollector,
): Promise<SandboxedLaunch> {
  // Shell builtins, then the agent in the shell's place: no program started just to set variables.
  const command = [
    'unset NO_PROXY no_proxy;',
    `export TMPDIR=${shellQuote(policy.tmpDir)};`,
    'exec',
    ...[file, ...args].map(shellQuote),
  ].join(' ');
  // dash (POSIX sh) runs the runtime's shell lines and this one: it starts faster than bash.
  const wrapped = await SandboxManager.wrapWithSandbox(command, '/bin/sh');
  traceStep('wrapped');
  return {
    file: '/bin/sh',
    args: ['-c', wrapped],
    denials,
    cleanup: () => SandboxManager.cleanupAfterCommand(),
  };
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
