import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { agentBinary, resolveAgent } from '../../infra/agents/registry.js';
import { SshConnection } from '../../infra/ssh/connection.js';
import type { SshTarget } from '../../infra/ssh/ssh-args.js';
import type { Config } from '../../shared/config.js';
import type { HostConfig } from '../../shared/config-hosts.js';
import { GroveError } from '../../shared/errors.js';
import type { ProbeAgent } from './probe.js';
import { nodeAtLeast, probeScript, readProbe } from './probe.js';

/** The oldest Node the attempt wrapper runs on (package.json `engines`). */
const NODE_MIN = { major: 20, minor: 19 };

export interface HostCheckItem {
  /** `reachable`, `git`, `node`, `agent <name>`, `root`. */
  what: string;
  ok: boolean;
  /** What was found (a version, a path) or what is wrong. */
  detail: string;
  /** What to do, when not ok. */
  hint?: string;
}

export interface HostReport {
  name: string;
  ssh: string;
  port: number | undefined;
  root: string;
  ok: boolean;
  items: HostCheckItem[];
}

export interface HostCheckContext {
  config: Config;
  /** The repository root (relative paths in a host's config are read from here). */
  repoRoot: string;
  /** grove's state folder: the shared connections' control sockets go under `<stateDir>/ssh`. */
  stateDir: string;
}

/** The hosts `names` picks (all configured hosts when empty); USAGE for a name not in config. */
export function selectHosts(config: Config, names: readonly string[]): Array<[string, HostConfig]> {
  const all = Object.entries(config.hosts);
  if (all.length === 0) {
    throw new GroveError('USAGE', 'no hosts are configured', {
      hint: 'add one under `hosts:` in .grove/config.yaml, e.g. `hosts: {box1: {ssh: dev@box1, root: ~/grove}}`',
    });
  }
  if (names.length === 0) return all;
  return names.map((n) => {
    const host = config.hosts[n];
    if (!host) {
      throw new GroveError('USAGE', `no host named "${n}" in config`, {
        hint: `configured hosts: ${all.map(([k]) => k).join(', ')}`,
      });
    }
    return [n, host];
  });
}

export function sshTarget(ctx: HostCheckContext, name: string, host: HostConfig): SshTarget {
  return { name, host, repoRoot: ctx.repoRoot, controlDir: join(ctx.stateDir, 'ssh') };
}

/**
 * The agents worth looking for on a host: every configured agent and the default one, except the
 * scripted agent (it is grove's own script, run with node) and command agents without a program.
 */
export function agentsToProbe(config: Config): ProbeAgent[] {
  const names = new Set([...Object.keys(config.agents), config.default_agent]);
  const out: ProbeAgent[] = [];
  for (const name of [...names].sort()) {
    const found = resolveAgent(config, name);
    if (found.definition.adapter === 'scripted') continue;
    const bin = agentBinary(found.definition);
    if (bin) out.push({ name, bin });
  }
  return out;
}

/** Connects to one host and says, item by item, whether agents can run there. */
export async function checkHost(ctx: HostCheckContext, name: string, host: HostConfig): Promise<HostReport> {
  const connection = new SshConnection(sshTarget(ctx, name, host));
  const report = (items: HostCheckItem[]): HostReport => ({
    name,
    ssh: host.ssh,
    port: host.port,
    root: host.root,
    ok: items.every((i) => i.ok),
    items,
  });
  const agents = agentsToProbe(ctx.config);
  const started = performance.now();
  let r;
  try {
    r = await connection.sh(probeScript(host.root, agents), { timeoutMs: 60_000 });
  } finally {
    await connection.close(); // a check leaves no connection behind
  }
  const ms = Math.round(performance.now() - started);
  if (r.sshFailure) {
    return report([{ what: 'reachable', ok: false, detail: r.sshFailure.message, hint: r.sshFailure.hint }]);
  }
  if (r.timedOut || r.code !== 0) {
    const why = r.timedOut ? 'did not answer within 60 s' : `exit ${r.code ?? r.signal}: ${r.stderr.trim()}`;
    return report([
      {
        what: 'reachable',
        ok: false,
        detail: `the check script failed on the host (${why})`,
        hint: `try \`ssh ${host.ssh} true\` by hand; the host needs a POSIX sh`,
      },
    ]);
  }
  const answer = readProbe(r.stdout);
  const items: HostCheckItem[] = [{ what: 'reachable', ok: true, detail: `logged in (${ms} ms)` }];
  items.push(
    answer.git
      ? { what: 'git', ok: true, detail: answer.git }
      : {
          what: 'git',
          ok: false,
          detail: "git is not on the host's PATH",
          hint: `install git on ${name} (e.g. apt-get install git), or put it on the PATH of ${host.ssh}'s non-interactive shell`,
        },
  );
  const nodeMin = `${NODE_MIN.major}.${NODE_MIN.minor}`;
  if (!answer.node) {
    items.push({
      what: 'node',
      ok: false,
      detail: "node is not on the host's PATH (the attempt wrapper runs on it)",
      hint: `install Node.js ${nodeMin} or newer on ${name}, on the PATH of its non-interactive shell`,
    });
  } else if (!nodeAtLeast(answer.node, NODE_MIN.major, NODE_MIN.minor)) {
    items.push({
      what: 'node',
      ok: false,
      detail: `node ${answer.node} is older than ${nodeMin}`,
      hint: `install Node.js ${nodeMin} or newer on ${name}`,
    });
  } else items.push({ what: 'node', ok: true, detail: answer.node });
  for (const a of agents) {
    const path = answer.agents[a.name];
    items.push(
      path
        ? { what: `agent ${a.name}`, ok: true, detail: path }
        : {
            what: `agent ${a.name}`,
            ok: false,
            detail: `\`${a.bin}\` is not on the host's PATH`,
            hint: `install ${a.bin} on ${name} (and sign it in there), or remove agent ${a.name} from config`,
          },
    );
  }
  items.push(
    answer.rootWritable
      ? { what: 'root', ok: true, detail: `${host.root} is writable` }
      : {
          what: 'root',
          ok: false,
          detail: `cannot write in ${host.root}${answer.rootError ? `: ${answer.rootError}` : ''}`,
          hint: `create ${host.root} on ${name} owned by the login user, or set hosts.${name}.root to a folder it can write`,
        },
  );
  return report(items);
}

/** Checks every selected host at once. */
export async function checkHosts(ctx: HostCheckContext, names: readonly string[]): Promise<HostReport[]> {
  return Promise.all(selectHosts(ctx.config, names).map(([n, h]) => checkHost(ctx, n, h)));
}
