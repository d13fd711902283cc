// Task files an agent could never receive (a NUL byte, over the size limit) or that are not UTF-8 are
// refused by `grove plan`, `grove run` and `grove spawn` with file:line, before any agent starts.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroveProject } from '../helpers/grove-project.js';
import { writeScript, project, scriptedTask } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const head = (id: string, title = `Task ${id}`): string =>
  `---\nid: ${id}\ntitle: ${title}\nowns: ["src/${id}/**"]\n---\n`;

/** A good task `ok` and three bad ones, written as raw bytes and committed. */
function badProject(): GroveProject {
  const p = project(
    { ok: writeScript('ok'), nul: writeScript('nul'), big: writeScript('big'), latin: writeScript('latin') },
    '{}\n',
  );
  const tasks = join(p.root, '.grove/tasks');
  writeFileSync(
    join(tasks, 'nul.md'),
    Buffer.concat([Buffer.from(`${head('nul')}Line one.\nLine\u0000 two.\n`)]),
  );
  // 200 KiB of body: the 100 KiB mark falls on line 1029 (a 53-byte head, then 100-byte lines).
  writeFileSync(join(tasks, 'big.md'), head('big') + `${'x'.repeat(99)}\n`.repeat(2048));
  writeFileSync(
    join(tasks, 'latin.md'),
    Buffer.concat([
      Buffer.from('---\nid: latin\ntitle: Caf'),
      Buffer.from([0xe9]),
      Buffer.from('\nowns: ["src/latin/**"]\n---\nDo it.\n'),
    ]),
  );
  p.git('add', '-A');
  p.git('commit', '-q', '-m', 'bad task files');
  return p;
}

const EXPECTED = [
  /\.grove\/tasks\/big\.md:1029: the file is 200\.1 KiB \(204853 bytes\); a task file may be at most 100 KiB \(102400 bytes\)/,
  /\.grove\/tasks\/latin\.md:3: is not valid UTF-8 \(byte 11 of the line\)/,
  /\.grove\/tasks\/nul\.md:7: contains a NUL byte \(byte 5 of the line\)/,
];

describe('task file bytes', () => {
  it('`grove plan` refuses NUL, oversize and invalid UTF-8 with file:line and leaves the state untouched', () => {
    p = badProject();
    const plan = p.grove('plan');
    expect(plan.code).toBe(3);
    for (const re of EXPECTED) expect(plan.stdout + plan.stderr).toMatch(re);
    expect(plan.stdout + plan.stderr).not.toContain('\uFFFD');
    expect(existsSync(join(p.root, '.git/grove/grove.db'))).toBe(false);
  });

  it('`grove run` and `grove spawn` refuse before starting any agent or making a worktree', () => {
    p = badProject();
    const run = p.grove('run', '--no-dashboard');
    expect(run.code).toBe(3);
    for (const re of EXPECTED) expect(run.stderr).toMatch(re);
    const spawn = p.grove('spawn', 'ok');
    expect(spawn.code).toBe(3);
    expect(spawn.stderr).toMatch(EXPECTED[1]!);
    expect(existsSync(join(p.parent, 'repo.grove'))).toBe(false);
    const attempts = join(p.root, '.git/grove/attempts');
    expect(existsSync(attempts) ? readdirSync(attempts) : []).toEqual([]);
  });

  it('a good task file of just under the limit still plans', () => {
    p = project({ ok: writeScript('ok') }, '{}\n');
    const body = `${'y'.repeat(99)}\n`.repeat(1000);
    writeFileSync(join(p.root, '.grove/tasks/ok.md'), scriptedTask('ok') + body);
    const plan = p.grove('plan');
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
  });
});
