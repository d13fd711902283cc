// `grove demo --hosts`: the sample plan spread over two real sshd hosts (network namespaces), which
// cannot see the folder the demo's repository lives in. It goes as designed (the queue's conflict
// sent back and resolved on a host, the review comment addressed there, best-of-3), every task ran on
// a host, both hosts were used, and the tool calls name the local worktree, not the host's copy.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { SshHost } from '../helpers/ssh-host.js';
import { hostConfig, sshHostMissing, startSshHost } from '../helpers/ssh-host.js';
import { demoParent, expectDesignedOutcome, startDemoIn } from './demo-run.js';

const missing = sshHostMissing();

if (missing !== undefined && process.env['GROVE_TEST_REQUIRE_ALL'] === '1') {
  it('runs the demo-on-hosts test (GROVE_TEST_REQUIRE_ALL=1)', () => {
    throw new Error(`GROVE_TEST_REQUIRE_ALL=1 but the demo cannot run on SSH hosts: ${missing}`);
  });
}

describe.skipIf(missing !== undefined)(`grove demo --hosts${missing ? ` (SKIP: ${missing})` : ''}`, () => {
  let hosts: SshHost[] = [];
  let parent: string;
  let hostRoots: string;
  let hostsFile: string;

  beforeAll(async () => {
    parent = demoParent();
    hostRoots = mkdtempSync(join(tmpdir(), 'grove-demo-hosts-remote-'));
    hosts = await Promise.all([0, 1].map(() => startSshHost({ privateMounts: [parent, hostRoots] })));
    // The hosts file lives beside the demo's TMPDIR (the demo's own folder must be gone afterwards).
    hostsFile = join(mkdtempSync(join(tmpdir(), 'grove-demo-hosts-file-')), 'hosts.yaml');
    const entries = hosts.map(
      (h, i) => [`box${i + 1}`, hostConfig(h, join(hostRoots, `box${i + 1}`))] as const,
    );
    writeFileSync(hostsFile, stringify({ hosts: Object.fromEntries(entries) }));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(hosts.map((h) => h.close()));
    rmSync(hostRoots, { recursive: true, force: true });
    rmSync(join(hostsFile, '..'), { recursive: true, force: true });
  });

  it('runs the sample plan as designed with every task on a host', async () => {
    const demo = startDemoIn(parent, ['--no-dashboard', '--hosts', hostsFile]);
    const run = await demo.exited;
    const result = expectDesignedOutcome(demo, run, { maxElapsedMs: 600_000, leftInParent: [] });
    const start = demo.lines.find((l) => l.type === 'demo-start') as { hosts?: string[] } | undefined;
    expect(start?.hosts).toEqual(['box1', 'box2']);
    const tasks = (result as { report?: { tasks?: Array<{ id: string; host: string | null }> } }).report
      ?.tasks;
    // Every task of cycle 1 ran on one of the two hosts, and both were used.
    expect(tasks).toHaveLength(8);
    expect(tasks?.filter((t) => t.host !== 'box1' && t.host !== 'box2')).toEqual([]);
    expect(new Set(tasks?.map((t) => t.host))).toEqual(new Set(['box1', 'box2']));
    // No scope warning names a host's folder: tool calls were stored as local worktree paths.
    expect(run.stdout).not.toContain(hostRoots);
  }, 660_000);
});
