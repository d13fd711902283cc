// The config through its cache (<stateDir>/cache/config.v8): the same config and the same errors as
// loadConfig, the cache used only for the exact bytes it was made from, never for a bad config.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderConfigTemplate } from '../../src/infra/spec/config-template.js';
import { loadConfig } from '../../src/infra/spec/load.js';
import { configCachePath, loadConfigCached } from '../../src/infra/spec/load-config-cached.js';
import { GroveError } from '../../src/shared/errors.js';

let root: string;
let stateDir: string;
const configFile = (): string => join(root, '.grove/config.yaml');
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'grove-config-cache-'));
  stateDir = join(root, '.git/grove');
  mkdirSync(join(root, '.grove'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function thrown(p: Promise<unknown>): Promise<GroveError> {
  const e: unknown = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(GroveError);
  return e as GroveError;
}

describe('loadConfigCached', () => {
  it('gives what loadConfig gives, then answers the same bytes from the cache', async () => {
    writeFileSync(configFile(), 'base: main\nwip: 2\n');
    const first = await loadConfigCached(root, stateDir);
    expect(first).toEqual(await loadConfig(root));
    // The cache answers: a config only the cache holds comes back for the same bytes.
    const entry = deserialize(readFileSync(configCachePath(stateDir))) as { config: { wip: number } };
    entry.config.wip = 7;
    writeFileSync(configCachePath(stateDir), serialize(entry));
    expect((await loadConfigCached(root, stateDir)).wip).toBe(7);
  });

  it('every key of the template config comes back from the cache as loadConfig gives it', async () => {
    writeFileSync(configFile(), renderConfigTemplate({ commented: false }));
    const validated = await loadConfig(root);
    expect(await loadConfigCached(root, stateDir)).toEqual(validated);
    // Cached (plain data), so the next load is the cache's.
    expect(existsSync(configCachePath(stateDir))).toBe(true);
    const cached = await loadConfigCached(root, stateDir);
    expect(cached).toStrictEqual(validated);
    expect(JSON.stringify(cached)).toBe(JSON.stringify(validated));
  });

  it('other bytes are validated again, even with the same size and modification time', async () => {
    writeFileSync(configFile(), 'wip: 2\n');
    expect((await loadConfigCached(root, stateDir)).wip).toBe(2);
    const before = statSync(configFile());
    writeFileSync(configFile(), 'wip: 3\n');
    utimesSync(configFile(), before.atime, before.mtime);
    expect((await loadConfigCached(root, stateDir)).wip).toBe(3);
  });

  it('a bad config: the same CONFIG_INVALID as loadConfig, after a good one was cached, and never cached', async () => {
    writeFileSync(configFile(), 'wip: 2\n');
    await loadConfigCached(root, stateDir);
    const cached = readFileSync(configCachePath(stateDir));
    writeFileSync(configFile(), 'wip: lots\n');
    const e = await thrown(loadConfigCached(root, stateDir));
    const expected = await thrown(loadConfig(root));
    expect(e.code).toBe('CONFIG_INVALID');
    expect([e.message, e.hint]).toEqual([expected.message, expected.hint]);
    // Twice: the error does not depend on what the cache holds, and the cache still holds the good one.
    expect((await thrown(loadConfigCached(root, stateDir))).message).toBe(expected.message);
    expect(readFileSync(configCachePath(stateDir)).equals(cached)).toBe(true);
  });

  it('no config file: NOT_INITIALISED as loadConfig says it', async () => {
    const e = await thrown(loadConfigCached(root, stateDir));
    const expected = await thrown(loadConfig(root));
    expect([e.code, e.message, e.hint]).toEqual([expected.code, expected.message, expected.hint]);
  });

  it('a cache file that does not read, or from another build, is validated again and rewritten', async () => {
    writeFileSync(configFile(), 'wip: 2\n');
    mkdirSync(join(stateDir, 'cache'), { recursive: true });
    writeFileSync(configCachePath(stateDir), 'not a v8 value');
    expect((await loadConfigCached(root, stateDir)).wip).toBe(2);
    const entry = deserialize(readFileSync(configCachePath(stateDir))) as {
      build: string;
      config: { wip: number };
    };
    entry.build = 'another build';
    entry.config.wip = 9;
    writeFileSync(configCachePath(stateDir), serialize(entry));
    expect((await loadConfigCached(root, stateDir)).wip).toBe(2);
  });
});
