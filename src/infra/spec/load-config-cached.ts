// `.grove/config.yaml` validated once per content: the validated config is kept in
// `<stateDir>/cache/config.v8` next to the SHA-256 of the file's bytes and the build of grove that
// validated them. A command that finds both the same (the common case: the config has not changed
// since the last command) takes the config from there and never loads the YAML parser, zod and the
// rules (most of a short command's start). Anything else (another file, another build, no cache, a
// cache that does not read) validates the bytes as loadConfig does, with the same errors, and
// remembers the result. Validation is pure (bytes in, config out: validate-config.ts), so equal bytes
// under the same build give the equal config.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { Config } from '../../shared/config.js';
import { CONFIG_FILE } from './load-paths.js';

interface CachedConfig {
  build: string;
  sha256: string;
  config: Config;
}

export function configCachePath(stateDir: string): string {
  return join(stateDir, 'cache', 'config.v8');
}

/**
 * This build of grove: the file holding this code (a bundle chunk, rewritten by every build; the
 * source file under tsx), by path, size and modification time.
 */
async function buildId(): Promise<string> {
  const file = fileURLToPath(import.meta.url);
  const s = await stat(file);
  return `${file}:${s.size}:${s.mtimeMs}`;
}

/**
 * Whether `value` is made of primitives, arrays and plain objects only: what comes back from the cache
 * as it went in (a class instance or a function would not), so only such a config is cached.
 */
function isPlainData(value: unknown): boolean {
  if (value === null || typeof value !== 'object')
    return typeof value !== 'function' && typeof value !== 'symbol';
  if (Array.isArray(value)) return value.every(isPlainData);
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && Object.values(value).every(isPlainData);
}

async function readCache(file: string): Promise<CachedConfig | undefined> {
  try {
    const value = deserialize(await readFile(file)) as Partial<CachedConfig> | null;
    if (typeof value?.build !== 'string' || typeof value.sha256 !== 'string') return undefined;
    if (typeof value.config !== 'object' || value.config === null) return undefined;
    return value as CachedConfig;
  } catch {
    return undefined;
  }
}

async function writeCache(file: string, entry: CachedConfig): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, serialize(entry));
  await rename(temp, file);
}

/** As loadConfig (same config, same CONFIG_INVALID / NOT_INITIALISED), remembered in `stateDir`. */
export async function loadConfigCached(mainRoot: string, stateDir: string): Promise<Config> {
  const bytes = await readFile(join(mainRoot, CONFIG_FILE)).catch(() => undefined);
  // No config file: loadConfig says so, as every other command does.
  if (bytes === undefined) return (await import('./load.js')).loadConfig(mainRoot);
  const file = configCachePath(stateDir);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const [build, cached] = await Promise.all([buildId(), readCache(file)]);
  if (cached?.build === build && cached.sha256 === sha256) return cached.config;
  const config = (await import('./load.js')).configFromBytes(bytes);
  // A cache that cannot be written costs the next command its speed, never this one its config.
  if (isPlainData(config)) await writeCache(file, { build, sha256, config }).catch(() => undefined);
  return config;
}
