// `host: any` over two real sshd hosts (network namespaces), each with `wip: 1`: `grove run` puts the
// first two tasks on the two hosts, the third waits for a free slot and then runs on whichever host
// freed first; no host ever runs two of them at once, every commit lands on main, and `grove status`
// shows where each ran.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { openDatabase } from '../../src/infra/db/open.js';
import { TaskStore } from '../../src/infra/db/task-store.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';
import type { SshHost } from '../helpers/ssh-host.js';
import { hostConfig, sshHostMissing, startSshHost } from '../helpers/ssh-host.js';

const missing = sshHostMissing();

if (missing !== undefined && process.env['GROVE_TEST_REQUIRE_ALL'] === '1') {
  it('runs the host-spreading tests (GROVE_TEST_REQUIRE_ALL=1)', () => {
    throw new Error(`GROVE_TEST_REQUIRE_ALL=1 but the SSH spreading tests cannot run: ${missing}`);
  });
}

const AGENT = [
  'sleep 2',
  'mkdir -p "src/$GROVE_TASK_ID" && echo "made on the host" > "src/$GROVE_TASK_ID/a.txt"',
  'git add src && git commit -qm "$GROVE_TASK_ID from the host"',
].join('\n');

const task = (id: string): string =>
  `---\nid: ${id}\ntitle: Task ${id}\nowns: ["src/${id}/**"]\nhost: any\n---\nDo ${id}.\n`;

describe.skipIf(missing !== undefined)(
  `grove run spreads host: any tasks over hosts by their wip${missing ? ` (SKIP: ${missing})` : ''}`,
  () => {
    let hosts: SshHost[] = [];
    let project: GroveProject;
    let root: string | undefined;

    beforeAll(async () => {
      const hostsRoot = mkdtempSync(join(tmpdir(), 'grove-spread-root-'));
      root = hostsRoot;
      project = makeGroveProject({ config: '{}\n', files: { 'README.md': 'hello\n' } });
      hosts = await Promise.all([startSshHost(), startSshHost()]);
      const config = {
        wip: 3,
        default_agent: 'shell',
        agents: { shell: { adapter: 'command', bin: 'sh', args: ['-c', AGENT, 'sh'] } },
        hosts: Object.fromEntries(
          hosts.map((h, i) => [`box${i + 1}`, hostConfig(h, join(hostsRoot, `box${i + 1}`), { wip: 1 })]),
        ),
      };
      project.write({
        '.grove/config.yaml': stringify(config),
        '.grove/tasks/t1.md': task('t1'),
        '.grove/tasks/t2.md': task('t2'),
        '.grove/tasks/t3.md': task('t3'),
      });
      project.git('add', '-A');
      project.git('commit', '-qm', 'three tasks on any host');
    }, 60_000);

    afterAll(async () => {
      await Promise.all(hosts.map((h) => h.close()));
      project?.cleanup();
      if (root) rmSync(root, { recursive: true, force: true });
    });

    it('places each task on a host with room and never runs two on one host', () => {
      const run = project.grove('run', '--no-dashboard');
      expect(run.code, run.stdout + run.stderr).toBe(0);
      for (const id of ['t1', 't2', 't3'])
        expect(project.git('show', `main:src/${id}/a.txt`)).toBe('made on the host\n');

      const db = openDatabase(join(project.root, '.git', 'grove', 'grove.db'));
      try {
        const store = new TaskStore(db);
        const placed = ['t1', 't2', 't3'].map((id) => store.require(id).host);
        expect(placed.slice(0, 2).sort()).toEqual(['box1', 'box2']);
        expect(['box1', 'box2']).toContain(placed[2]);
        // Running windows per host (running → the next state after it) never overlap.
        const windows = ['t1', 't2', 't3'].map((id, i) => {
          const h = store.stateHistory(id);
          const start = h.findIndex((x) => x.to === 'running');
          return { host: placed[i], from: h[start]!.at, to: h[start + 1]!.at };
        });
        for (const a of windows)
          for (const b of windows)
            if (a !== b && a.host === b.host) expect(a.to <= b.from || b.to <= a.from).toBe(true);
      } finally {
        db.close();
      }
      const status = project.grove('status');
      expect(status.stdout).toMatch(/t3\s+merged\s+box[12]/);
      // The third task told why it waited.
      expect(run.stdout + run.stderr).toMatch(/t3 \(host: any\) waits for a free slot/);
    }, 240_000);
  },
);
