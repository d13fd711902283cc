// `grove demo --hosts <file>`: the demo's plan spread over SSH hosts. The file holds a `hosts:` map as
// in .grove/config.yaml; the sample's config gets it, and its default agent `host: any`, so every task
// runs on whichever host has room.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { HostsConfig } from '../../shared/config-hosts.js';
import { GroveError, formatProblem } from '../../shared/errors.js';
import { validateConfigText } from '../../infra/spec/validate-config.js';

/** The hosts as written in the file, with relative key and known_hosts files made absolute. */
export type DemoHosts = Record<string, Record<string, unknown>>;

const FILE_FIELDS = ['identity', 'known_hosts'] as const;

/** Reads and checks a `--hosts` file; throws a USAGE error naming each problem and its line. */
export function readDemoHosts(file: string): DemoHosts {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new GroveError('USAGE', `cannot read the hosts file ${file}: ${(e as Error).message}`, {
      hint: 'pass a YAML file with a `hosts:` map, as in .grove/config.yaml',
    });
  }
  const checked = validateConfigText(text, file);
  const errors = checked.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0 || !checked.config) {
    throw new GroveError(
      'USAGE',
      `the hosts file ${file} has problems:\n${errors.map(formatProblem).join('\n')}`,
    );
  }
  const raw = checked.source.value as Record<string, unknown>;
  const other = Object.keys(raw).filter((k) => k !== 'hosts');
  if (other.length > 0) {
    throw new GroveError(
      'USAGE',
      `the hosts file ${file} may only hold \`hosts:\`, not ${other.join(', ')}`,
      {
        hint: 'write `hosts: { box1: { ssh: user@host, root: /srv/grove } }` and nothing else',
      },
    );
  }
  const hosts: HostsConfig = checked.config.hosts;
  if (Object.keys(hosts).length === 0) {
    throw new GroveError('USAGE', `the hosts file ${file} names no host`, {
      hint: 'write `hosts: { box1: { ssh: user@host, root: /srv/grove } }`',
    });
  }
  const written = raw['hosts'] as DemoHosts;
  const base = dirname(resolve(file));
  return Object.fromEntries(
    Object.entries(written).map(([name, host]) => {
      const out = { ...host };
      for (const field of FILE_FIELDS) {
        const value = out[field];
        if (typeof value === 'string' && !isAbsolute(value) && !value.startsWith('~/')) {
          out[field] = resolve(base, value);
        }
      }
      return [name, out];
    }),
  );
}

/** The sample's config with `hosts` set and its default agent sent to whichever host has room. */
export function withHosts(configText: string, hosts: DemoHosts): string {
  const doc = parseDocument(configText);
  doc.set('hosts', doc.createNode(hosts));
  const agent = String(doc.get('default_agent'));
  const existing = doc.getIn(['agents', agent]);
  if (existing === undefined) doc.setIn(['agents', agent], doc.createNode({ adapter: agent, host: 'any' }));
  else doc.setIn(['agents', agent, 'host'], 'any');
  return doc.toString();
}
