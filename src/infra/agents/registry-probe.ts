import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { run } from '../process/run.js';

/**
 * Finds an executable like the shell would, without a shell: a name with a slash is a path (relative
 * to `cwd`), anything else is looked up on PATH. Undefined when there is none.
 */
export function findExecutable(bin: string, cwd: string, path = process.env.PATH ?? ''): string | undefined {
  if (bin === '') return undefined;
  const candidates = bin.includes('/')
    ? [isAbsolute(bin) ? bin : resolve(cwd, bin)]
    : path
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, bin));
  return candidates.find(isExecutableFile);
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The first line `<bin> --version` prints, or undefined if it fails or takes longer than `timeoutMs`. */
export async function probeVersion(
  file: string,
  cwd: string,
  args: readonly string[] = ['--version'],
  timeoutMs = 5000,
): Promise<string | undefined> {
  try {
    const r = await run(file, [...args], { cwd, timeoutMs, maxBuffer: 64 * 1024 });
    if (r.timedOut || r.code !== 0) return undefined;
    const line = (r.stdout.trim() || r.stderr.trim()).split('\n')[0]?.trim();
    return line ? line.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}
