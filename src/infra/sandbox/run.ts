import { mkdirSync } from 'node:fs';
// The manager alone, not the package's index: that also loads its config schemas (zod) and CLI helpers.
import { SandboxManager } from '@anthropic-ai/sandbox-runtime/dist/sandbox/sandbox-manager.js';
import type { SandboxPolicy } from './policy.js';
import { DenialCollector } from './denials.js';
import { traceStep } from './trace.js';

/** What the attempt wrapper spawns instead of the agent: a shell line that runs it inside the sandbox. */
export interface SandboxedLaunch {
  file: string;
  args: string[];
  /** Reads the agent's stderr (for denials the kernel reported to it) and the proxy's refusals. */
  denials: DenialCollector;
  /** Undoes what the layer left on the host (mount points for missing deny paths). */
  cleanup(): void;
}

/**
 * Starts sandbox-runtime in this process (the wrapper: its proxy must live as long as the agent, and
 * the wrapper outlives grove) and wraps `file args` with it. Loopback is taken out of `no_proxy`: the
 * agent has no network of its own (its 127.0.0.1 is not the host's), so a local model server is
 * reached through the proxy, which lets only `allowHosts` through.
 */
export async function sandboxedLaunch(
  file: string,
  args: readonly string[],
  policy: SandboxPolicy,
): Promise<SandboxedLaunch> {
  traceStep('launch');
  mkdirSync(policy.tmpDir, { recursive: true });
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
