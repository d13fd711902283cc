import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandIn } from '../../src/cli/commands/index.js';

const BIN = resolve('bin/grove.js');

describe('commands load only when they run', () => {
  it('finds the command the arguments name; --version needs none; help needs all', () => {
    expect(commandIn(['status', '--json'])).toBe('status');
    expect(commandIn(['ls'])).toBe('status');
    expect(commandIn(['--json', 'queue'])).toBe('queue');
    expect(commandIn(['--version'])).toBe('none');
    expect(commandIn(['-V'])).toBe('none');
    expect(commandIn(['--help'])).toBeUndefined();
    expect(commandIn([])).toBeUndefined();
  });

  it('an unknown command still gets the list and a usage error; help output into a closed pipe is no crash', () => {
    const unknown = spawnSync(process.execPath, [BIN, 'nosuch'], { encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'nosuch'");
    const piped = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" --help | head -1`], {
      encoding: 'utf8',
    });
    expect(piped.stdout).toMatch(/^Usage: grove/);
    expect(piped.stderr).not.toContain('EPIPE');
  });
});
