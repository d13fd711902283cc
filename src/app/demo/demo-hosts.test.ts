import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readDemoHosts, withHosts } from './demo-hosts.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'grove-demo-hosts-'));
  dirs.push(dir);
  const path = join(dir, 'hosts.yaml');
  writeFileSync(path, text);
  return path;
}

describe('grove demo --hosts file', () => {
  it('reads the hosts, with key and known_hosts files relative to the file made absolute', () => {
    const path = file(
      'hosts:\n  box1: { ssh: root@10.0.0.2, root: /srv/g, identity: keys/id, known_hosts: ~/kh }\n',
    );
    expect(readDemoHosts(path)).toEqual({
      box1: {
        ssh: 'root@10.0.0.2',
        root: '/srv/g',
        identity: join(path, '..', 'keys/id'),
        known_hosts: '~/kh',
      },
    });
  });

  it('says what to fix: a missing file, a bad host, other keys, no host', () => {
    expect(() => readDemoHosts('/nonexistent/hosts.yaml')).toThrow(/cannot read the hosts file/);
    expect(() => readDemoHosts(file('hosts:\n  box1: { ssh: root@h }\n'))).toThrow(/hosts\.yaml:2.*root/s);
    expect(() => readDemoHosts(file('wip: 3\nhosts:\n  box1: { ssh: h, root: /r }\n'))).toThrow(
      /may only hold `hosts:`, not wip/,
    );
    expect(() => readDemoHosts(file('hosts: {}\n'))).toThrow(/names no host/);
  });

  it("puts the hosts in the sample's config and sends its default agent to any host", () => {
    const config = '# comment kept\ndefault_agent: scripted\nwip: 3\n';
    const out = withHosts(config, { box1: { ssh: 'h', root: '/r' } });
    expect(out).toContain('# comment kept');
    expect(parse(out)).toEqual({
      default_agent: 'scripted',
      wip: 3,
      hosts: { box1: { ssh: 'h', root: '/r' } },
      agents: { scripted: { adapter: 'scripted', host: 'any' } },
    });
    const own = withHosts('default_agent: mine\nagents:\n  mine: { adapter: command, bin: sh }\n', {});
    expect(parse(own)).toMatchObject({ agents: { mine: { adapter: 'command', bin: 'sh', host: 'any' } } });
  });
});
