// Where scripts/install-agent-clis.mjs put the pinned real agent CLIs, for the real-agent e2e tests.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import pins from '../../scripts/agent-clis.json' with { type: 'json' };

export type AgentCliName = keyof typeof pins;

export interface AgentCli {
  name: AgentCliName;
  package: string;
  version: string;
  /** Absolute path of the executable, or undefined when the install script has not installed it. */
  bin: string | undefined;
  /** Why it is missing (for the skip message). */
  missing?: string;
}

export function agentCliCache(): string {
  return process.env.GROVE_AGENT_CLI_CACHE || join(homedir(), '.cache', 'grove', 'agent-clis');
}

/** The pinned CLI and its binary when installed (the install script writes a marker after a working --version). */
export function agentCli(name: AgentCliName): AgentCli {
  const pin = pins[name];
  const folder = join(agentCliCache(), `${name}@${pin.version}`);
  const marker = join(folder, '.grove-installed.json');
  const base = { name, package: pin.package, version: pin.version };
  if (!existsSync(marker)) {
    return {
      ...base,
      bin: undefined,
      missing: `${pin.package}@${pin.version} is not installed in ${folder}: run \`node scripts/install-agent-clis.mjs ${name}\``,
    };
  }
  const { bin } = JSON.parse(readFileSync(marker, 'utf8')) as { bin: string };
  if (!existsSync(bin)) {
    return {
      ...base,
      bin: undefined,
      missing: `${bin} is gone: run \`node scripts/install-agent-clis.mjs --force ${name}\``,
    };
  }
  return { ...base, bin };
}

export interface LaunchRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout split into lines. */
  lines: string[];
  stderr: string;
  ms: number;
}

/**
 * Runs an adapter's Launch in `cwd` the way a supervisor would (its env on top of this process's,
 * stdin closed or fed), and collects the output. Kills the process group after `timeoutMs`.
 */
export function runLaunch(
  launch: { file: string; args: string[]; env: Record<string, string>; stdin: 'closed' | { text: string } },
  cwd: string,
  timeoutMs = 60_000,
): Promise<LaunchRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(launch.file, launch.args, {
      cwd,
      env: { ...process.env, ...launch.env },
      stdio: [launch.stdin === 'closed' ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    if (launch.stdin !== 'closed') child.stdin?.end(launch.stdin.text);
    let out = '';
    let err = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr?.on('data', (b: Buffer) => (err += b.toString('utf8')));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        lines: out.split('\n').filter((l) => l.trim() !== ''),
        stderr: err,
        ms: Date.now() - started,
      });
    });
  });
}
