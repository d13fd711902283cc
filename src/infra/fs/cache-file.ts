// A cache kept as one JSON file under the project's state folder (`<stateDir>/cache/<name>.json`): read
// whole, checked by the caller's parser (a missing, unreadable or malformed file is an empty cache), and
// written whole through a temp file and a rename, so a reader never sees half a file.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export function cacheFilePath(stateDir: string, name: string): string {
  return join(stateDir, 'cache', `${name}.json`);
}

/** The file's content as `parse` accepts it, else undefined (missing, unreadable, or not JSON). */
export async function readCacheFile<T>(
  file: string,
  parse: (data: unknown) => T | undefined,
): Promise<T | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** Writes `data` as the whole file, atomically. */
export async function writeCacheFile(file: string, data: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(data));
  await rename(temp, file);
}
