// Where the demo's sample repository comes from: templates/demo in the grove package, found from the
// running bundle (dist/cli.js → ../templates/demo) or from the sources (src/app/demo → ../../../templates).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPackageRoot } from '../../infra/fs/package-root.js';
import { GroveError } from '../../shared/errors.js';

export const DEMO_TEMPLATE = join('templates', 'demo');

/** The candidate package roots for a module at `here` (the bundle's folder, a chunk's, or this source folder). */
export function packageRootCandidates(here: string): string[] {
  const found = findPackageRoot(join(here, 'x'));
  return [...new Set([...(found ? [found] : []), resolve(here, '..'), resolve(here, '..', '..', '..')])];
}

export function demoTemplateDir(here = dirname(fileURLToPath(import.meta.url))): string {
  for (const root of packageRootCandidates(here)) {
    const dir = join(root, DEMO_TEMPLATE);
    if (existsSync(join(dir, '.grove', 'config.yaml'))) return dir;
  }
  throw new GroveError(
    'INTERNAL',
    `the demo's sample repository (${DEMO_TEMPLATE}) is missing from this grove install`,
    {
      hint: `looked in ${packageRootCandidates(here)
        .map((r) => join(r, DEMO_TEMPLATE))
        .join(' and ')}; reinstall grove (the package's "files" must include templates)`,
    },
  );
}
