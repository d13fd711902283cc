import { accessSync, constants, existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { GroveError } from '../../shared/errors.js';
import type { SandboxPolicy } from './policy.js';

/**
 * The sandbox layer on this machine: Anthropic's sandbox-runtime (an npm dependency of grove) and the
 * programs it runs on Linux: bubblewrap, socat and ripgrep. They are looked for in
 * `$GROVE_SANDBOX_TOOLS`, then grove's own cache (`~/.cache/grove/sandbox/bin`, where `.ci/run` unpacks
 * them, so that no `bwrap` is on everyone's PATH), then PATH. Missing: an error saying what to install,
 * never an unsandboxed run.
 */
export function findSandboxLayer(env: NodeJS.ProcessEnv = process.env): SandboxPolicy['layer'] {
  if (process.platform !== 'linux') {
    throw new GroveError(
      'AGENT_NOT_FOUND',
      `sandbox: grove sandboxes agents on Linux only (this is ${process.platform})`,
      {
        hint: 'turn `sandbox` off for this agent or task, or run it on a Linux host',
      },
    );
  }
  let runtime: string;
  try {
    runtime = createRequire(import.meta.url).resolve('@anthropic-ai/sandbox-runtime');
  } catch {
    throw new GroveError(
      'AGENT_NOT_FOUND',
      'sandbox: the npm package @anthropic-ai/sandbox-runtime is not installed',
      {
        hint: 'reinstall grove with its dependencies (npm ci), or turn `sandbox` off',
      },
    );
  }
  const packageDir = dirname(dirname(runtime)); // <package>/dist/index.js
  const applySeccomp = join(packageDir, 'vendor/seccomp', process.arch, 'apply-seccomp');
  const javaAgent = join(packageDir, 'vendor/java-proxy-agent/srt-proxy-agent.jar');
  for (const file of [applySeccomp, javaAgent]) {
    if (!existsSync(file)) {
      throw new GroveError('AGENT_NOT_FOUND', `sandbox: ${file} is missing; the agent was not started`, {
        hint: `reinstall grove with its dependencies (npm ci): @anthropic-ai/sandbox-runtime ships it (for ${process.arch})`,
      });
    }
  }
  const dirs = sandboxToolDirs(env);
  const missing: string[] = [];
  const find = (name: string, debianPackage: string): string => {
    const found = findProgram(name, dirs);
    if (!found) missing.push(`${name} (Debian/Ubuntu package ${debianPackage})`);
    return found ?? '';
  };
  const bwrap = find('bwrap', 'bubblewrap');
  const socat = find('socat', 'socat');
  const rg = find('rg', 'ripgrep');
  if (missing.length > 0) {
    throw new GroveError(
      'AGENT_NOT_FOUND',
      `sandbox: missing ${missing.join(', ')}; the agent was not started`,
      {
        hint:
          `install them, or unpack them into ${join(cacheHome(env), 'grove/sandbox/bin')} ` +
          '(`apt-get download bubblewrap socat ripgrep` then `dpkg -x` each and copy usr/bin/*; .ci/run does this), ' +
          'or point GROVE_SANDBOX_TOOLS at a folder holding them',
      },
    );
  }
  return { runtime, bwrap, socat, rg, applySeccomp, javaAgent };
}

/** Where the sandbox's programs are looked for, first to last. */
export function sandboxToolDirs(env: NodeJS.ProcessEnv): string[] {
  const own = env.GROVE_SANDBOX_TOOLS ? [env.GROVE_SANDBOX_TOOLS] : [];
  const path = (env.PATH ?? '').split(delimiter).filter(Boolean);
  return [...own, join(cacheHome(env), 'grove/sandbox/bin'), ...path];
}

function cacheHome(env: NodeJS.ProcessEnv): string {
  return env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
}

/** `name` as an executable file in the first of `dirs` that has it (an absolute `name`: itself). */
export function findProgram(name: string, dirs: readonly string[]): string | undefined {
  const candidates = isAbsolute(name) ? [name] : dirs.map((d) => join(d, name));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The folders an agent program needs to read to run: its whole install (the `node_modules` tree it is
 * part of, else its folder), found through symlinks, and the folder of the node that runs grove.
 */
export function programDirs(file: string, env: NodeJS.ProcessEnv): string[] {
  const dirs = [dirname(process.execPath)];
  const found = findProgram(file, (env.PATH ?? '').split(delimiter).filter(Boolean));
  if (!found) return dirs;
  for (const p of new Set([found, safeRealpath(found)])) {
    const cut = p.indexOf('/node_modules/');
    dirs.push(cut >= 0 ? p.slice(0, cut) : dirname(p));
  }
  return [...new Set(dirs)];
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
