import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GroveError } from '../../../shared/errors.js';

const BUNDLE = 'scripted-agent.js';

/**
 * The path of dist/scripted-agent.js. From the bundle (dist/cli.js) it is the file beside this code;
 * from the sources (tests) it is `<package>/dist/`, found by walking up from this file.
 */
export function findScriptedAgentBundle(from: string = fileURLToPath(import.meta.url)): string | undefined {
  let dir = dirname(from);
  const beside = join(dir, BUNDLE);
  if (existsSync(beside) && resolve(beside) !== resolve(from)) return beside;
  for (;;) {
    const candidate = join(dir, 'dist', BUNDLE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function requireScriptedAgentBundle(): string {
  const found = findScriptedAgentBundle();
  if (found) return found;
  throw new GroveError(
    'AGENT_NOT_FOUND',
    `the scripted agent (dist/${BUNDLE}) is missing from the grove package`,
    {
      hint: 'run `npm run build` in the grove package',
    },
  );
}
