// Writes (or shows) the user service of `grove up --service` for a repository (./service-unit.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { GroveError } from '../../shared/errors.js';
import type { ServiceFile } from './service-unit.js';
import { serviceFor } from './service-unit.js';

export type ServiceWritten = ServiceFile & { written: 'no' | 'written' | 'unchanged' };

export function userService(root: string, options: { dashboard: boolean; write: boolean }): ServiceWritten {
  const service = serviceFor(process.platform, {
    root,
    node: process.execPath,
    grove: resolve(process.argv[1] ?? 'grove'),
    home: process.env['HOME'] || homedir(),
    dashboard: options.dashboard,
    path: process.env['PATH'] ?? '/usr/bin:/bin',
  });
  if (!options.write) return { ...service, written: 'no' };
  if (existsSync(service.file)) {
    if (readFileSync(service.file, 'utf8') === service.text) return { ...service, written: 'unchanged' };
    throw new GroveError(
      'WORKSPACE_CONFLICT',
      `${service.file} exists with other content; it was left as it is`,
      {
        hint: 'look at it, remove it if it is an old grove service, and run grove up --service --write again',
      },
    );
  }
  mkdirSync(dirname(service.file), { recursive: true });
  writeFileSync(service.file, service.text);
  return { ...service, written: 'written' };
}
