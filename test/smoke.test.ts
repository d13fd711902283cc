import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('grove bin', () => {
  it('prints help naming the loop', () => {
    const out = execFileSync(process.execPath, ['bin/grove.js', '--help'], { encoding: 'utf8' });
    expect(out).toContain('plan → spawn → monitor → verify → integrate → compound');
  });
});
