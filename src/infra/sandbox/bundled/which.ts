import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * sandbox-runtime's `whichSync`, as grove's wrapper bundles it (scripts/build.mjs): the same answer
 * (the program's path, or null) looked up on disk instead of by starting `which`, a shell script, at
 * every check: the runtime asks for ripgrep at each start, by an absolute path grove already checked.
 */
export function whichSync(bin: string): string | null {
  const candidates = bin.includes('/')
    ? [bin]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, bin));
  return candidates.find(isExecutableFile) ?? null;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
