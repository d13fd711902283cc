// `grove conflicts` takes the config through its cache (<stateDir>/cache/config.v8): the real CLI
// gives the same answers and the same errors as every other command, whatever the cache holds.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

describe('grove conflicts and the config', () => {
  it('caches a good config; a bad one fails as grove status fails; a fixed one is read again', () => {
    p = makeGroveProject({ config: 'base: main\n', tasks: ['a'] });
    const project = p;
    expect(project.grove('status', '--json').code).toBe(0);
    const first = project.grove('conflicts', '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ base: { name: 'main' }, pairs: [] });
    expect(existsSync(join(project.root, '.git/grove/cache/config.v8'))).toBe(true);

    writeFileSync(join(project.root, '.grove/config.yaml'), 'base: main\nwip: lots\n');
    const status = project.grove('status', '--json');
    const conflicts = project.grove('conflicts', '--json');
    expect(status.code).not.toBe(0);
    expect([conflicts.code, conflicts.stdout]).toEqual([status.code, status.stdout]);
    expect(JSON.parse(conflicts.stdout)).toMatchObject({ error: { code: 'CONFIG_INVALID' } });

    // A base that does not exist: this config's answer, not the cached one's.
    writeFileSync(join(project.root, '.grove/config.yaml'), 'base: nosuch\n');
    const moved = project.grove('conflicts', '--json');
    expect(JSON.parse(moved.stdout)).toMatchObject({ error: { code: 'CONFIG_INVALID' } });
    expect(moved.stdout).toContain('the base branch \\"nosuch\\" does not exist');
  });
});
