// The browser tests' Chromium comes with `npm ci`: the binary inside @sparticuz/chromium, unpacked with
// the libraries it links, starts on this machine without a system browser or system NSS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseChromium, unpackBundledChromium } from './chromium.js';

const linuxX64 = process.platform === 'linux' && process.arch === 'x64';
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('the Chromium for the browser tests', () => {
  it.runIf(linuxX64)('is the one the npm package ships, unpacked once, and it starts', () => {
    delete process.env['GROVE_CHROMIUM'];
    const first = unpackBundledChromium();
    expect(first.kind, JSON.stringify(first)).toBe('ok');
    const choice = chooseChromium();
    expect(choice.kind).toBe('found');
    if (choice.kind !== 'found') return;
    expect(choice.source).toContain('@sparticuz/chromium');
    expect(choice.env['LD_LIBRARY_PATH']).toContain(join('lib'));
    const version = spawnSync(choice.executablePath, ['--version'], {
      env: { ...process.env, ...choice.env },
      encoding: 'utf8',
    });
    expect(version.stdout).toMatch(/^Chromium \d+\./);
  });

  it.runIf(linuxX64)(
    'unpacks into a fresh cache folder without a half-made folder left behind',
    () => {
      const cache = mkdtempSync(join(tmpdir(), 'grove-chromium-cache-'));
      try {
        process.env['GROVE_CHROMIUM_CACHE'] = cache;
        const unpacked = unpackBundledChromium();
        expect(unpacked.kind).toBe('ok');
        if (unpacked.kind !== 'ok') return;
        for (const part of ['chromium', 'lib/libnss3.so', 'lib/libnspr4.so', 'fonts/fonts.conf']) {
          expect(existsSync(join(unpacked.folder, part)), part).toBe(true);
        }
        expect(spawnSync('ls', [cache], { encoding: 'utf8' }).stdout).not.toContain('partial');
      } finally {
        rmSync(cache, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it('a GROVE_CHROMIUM that does not start is named, not silently replaced', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grove-chromium-bad-'));
    try {
      const bad = join(dir, 'chromium');
      writeFileSync(bad, '#!/bin/sh\necho broken >&2\nexit 3\n', { mode: 0o755 });
      process.env['GROVE_CHROMIUM'] = bad;
      const choice = chooseChromium();
      expect(choice).toEqual({
        kind: 'missing',
        why: `GROVE_CHROMIUM=${bad} does not start: ${bad} --version exited 3: broken`,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
