import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeAtLeast, probeScript, readProbe } from '../../src/app/hosts/probe.js';

describe('the host probe', () => {
  it('run by sh here, it finds git, node, a program, and writes in the root folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grove-probe-'));
    try {
      const script = probeScript(join(dir, 'root folder'), [
        { name: 'shell', bin: 'sh' },
        { name: 'ghost', bin: 'no-such-program-xyz' },
      ]);
      const out = execFileSync('sh', ['-c', script], { encoding: 'utf8' });
      const answer = readProbe(`login banner\n${out}`);
      expect(answer.git).toMatch(/^git version/);
      expect(answer.node).toBe(process.version);
      expect(answer.agents['shell']).toMatch(/\/sh$/);
      expect(answer.agents['ghost']).toBeUndefined();
      expect(answer.rootWritable).toBe(true);
      const ro = readProbe(
        execFileSync('sh', ['-c', probeScript('/proc/grove-no', [])], { encoding: 'utf8' }),
      );
      expect(ro.rootWritable).toBe(false);
      expect(ro.rootError).toContain('/proc/grove-no');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('node versions', () => {
    expect(nodeAtLeast('v20.19.0', 20, 19)).toBe(true);
    expect(nodeAtLeast('v22.1.0', 20, 19)).toBe(true);
    expect(nodeAtLeast('v20.18.3', 20, 19)).toBe(false);
    expect(nodeAtLeast('garbage', 20, 19)).toBe(false);
  });
});
