// The grove package's root folder, found from any module of it: the bundle's entry (dist/cli.js), one
// of its chunks (dist/chunks/*.js) or a source file (src/**). Files that ship with grove (dist/web,
// templates/, schema/) are found from there, whatever the bundle's layout.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function findPackageRoot(from: string): string | undefined {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'grove') return dir;
      } catch {
        // not a readable manifest: keep looking
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}
