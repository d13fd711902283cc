// The on-disk `which` grove bundles into sandbox-runtime: real files in a temp folder, real PATH lookups.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { whichSync } from './which.js';

let dir: string;
let path: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'grove-which-'));
  path = process.env.PATH;
  for (const [name, mode] of [
    ['a/tool', 0o755],
    ['b/tool', 0o755],
    ['a/plain', 0o644],
  ] as const) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), '#!/bin/sh\n');
    chmodSync(join(dir, name), mode);
  }
  mkdirSync(join(dir, 'b/folder'));
});
afterEach(() => {
  process.env.PATH = path;
  rmSync(dir, { recursive: true, force: true });
});

describe('whichSync', () => {
  it('answers an executable path with itself, anything else there with null', () => {
    expect(whichSync(join(dir, 'a/tool'))).toBe(join(dir, 'a/tool'));
    expect(whichSync(join(dir, 'a/plain'))).toBeNull(); // not executable
    expect(whichSync(join(dir, 'b/folder'))).toBeNull(); // a folder
    expect(whichSync(join(dir, 'a/missing'))).toBeNull();
  });

  it('finds a name in the first PATH folder that has it as an executable file', () => {
    process.env.PATH = [join(dir, 'b'), join(dir, 'a')].join(':');
    expect(whichSync('tool')).toBe(join(dir, 'b/tool'));
    expect(whichSync('plain')).toBeNull();
    expect(whichSync('folder')).toBeNull();
    expect(whichSync('sh')).toBeNull(); // not on this PATH
    process.env.PATH = `/usr/bin:/bin`;
    expect(whichSync('sh')).toMatch(/\/sh$/);
  });
});
