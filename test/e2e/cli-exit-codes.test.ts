// Issue 16: the same failure exits the same on every command. An unknown task id exits 4 on every
// command that takes one (today's main: `grove status nope` printed "no tasks" and exited 0, `grove
// spawn nope` exited 7); under --json the error is exactly {"error":{"code","message","hint"}} on stdout.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/handle-error.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';

const UNKNOWN = 'no-such-task';

/** Every command that takes a task id, with the unknown id in its place. */
const ID_COMMANDS: string[][] = [
  ['status', UNKNOWN],
  ['ls', UNKNOWN],
  ['pause', UNKNOWN],
  ['resume', UNKNOWN],
  ['stop', UNKNOWN],
  ['retry', UNKNOWN],
  ['reassign', UNKNOWN],
  ['abandon', UNKNOWN],
  ['approve-scope', UNKNOWN],
  ['attempt', 'start', UNKNOWN],
  ['attempt', 'list', UNKNOWN],
  ['note', UNKNOWN, 'a lesson'],
  ['verify', UNKNOWN],
  ['spawn', UNKNOWN],
  ['events', UNKNOWN],
  ['gates', UNKNOWN],
  ['integrate', UNKNOWN],
  ['restore', UNKNOWN],
];

function parseJsonError(stdout: string): { code: string; message: string; hint: string | null } {
  const lines = stdout.trimEnd().split('\n');
  expect(lines, 'exactly one line on stdout').toHaveLength(1);
  const parsed = JSON.parse(lines[0] ?? '') as { error: Record<string, unknown> };
  expect(Object.keys(parsed)).toEqual(['error']);
  expect(Object.keys(parsed.error).sort()).toEqual(['code', 'hint', 'message']);
  expect(typeof parsed.error.message).toBe('string');
  expect(parsed.error.hint === null || typeof parsed.error.hint === 'string').toBe(true);
  return parsed.error as { code: string; message: string; hint: string | null };
}

describe('exit codes', () => {
  let p: GroveProject;
  beforeAll(() => {
    p = makeGroveProject({ tasks: ['t1'] });
    expect(p.grove('plan').code).toBe(0);
  });
  afterAll(() => p.cleanup());

  it('grove status <unknown id> says there is no such task and exits 4', () => {
    const r = p.grove('status', UNKNOWN);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`no task "${UNKNOWN}"`);
    expect(r.stderr).toContain('grove status');
    expect(r.stderr).not.toContain('no tasks');
    // A known id still shows its row.
    const known = p.grove('status', 't1');
    expect(known.code).toBe(0);
    expect(known.stdout).toMatch(/^t1\s+planned/m);
  });

  it.each(ID_COMMANDS.map((args) => [args.join(' '), args]))(
    'grove %s: unknown task id → exit 4, readable on stderr, JSON error with --json',
    (_name, args) => {
      const human = p.grove(...args);
      expect(human.code, human.stderr).toBe(4);
      expect(human.stdout).toBe('');
      expect(human.stderr).toMatch(/^grove: no (task|backup for task) "?no-such-task"?/);
      const json = p.grove(...args, '--json');
      expect(json.code, json.stdout + json.stderr).toBe(4);
      const error = parseJsonError(json.stdout);
      expect(error.code).toBe('TASK_NOT_FOUND');
      expect(error.message).toContain(UNKNOWN);
    },
  );

  it('nothing was done for the unknown ids: no worktree, no task row', () => {
    expect(p.git('branch', '--list', `grove/${UNKNOWN}`).trim()).toBe('');
    const status = p.grove('status', '--json');
    expect((JSON.parse(status.stdout) as Array<{ id: string }>).map((r) => r.id)).toEqual(['t1']);
  });

  it('usage errors exit 2; under --json as the JSON error with code USAGE', () => {
    const human = p.grove('pause');
    expect(human.code).toBe(2);
    expect(human.stderr).toContain("missing required argument 'task'");
    const json = p.grove('pause', '--json');
    expect(json.code).toBe(2);
    expect(parseJsonError(json.stdout)).toMatchObject({ code: 'USAGE' });
    const unknown = p.grove('no-such-command', '--json');
    expect(unknown.code).toBe(2);
    expect(parseJsonError(unknown.stdout).message).toContain("unknown command 'no-such-command'");
  });

  it('a refusal carries its code and hint under --json (STATE_INVALID → 10)', () => {
    const r = p.grove('pause', 't1', '--json');
    expect(r.code).toBe(10);
    const error = parseJsonError(r.stdout);
    expect(error.code).toBe('STATE_INVALID');
    expect(error.hint).toContain('grove status t1');
  });

  it('README "Exit codes" lists exactly the EXIT_CODES table', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.split(/^## Exit codes\s*$/m)[1]?.split(/^## /m)[0] ?? '';
    expect(section, 'README.md needs a `## Exit codes` section').not.toBe('');
    const documented: Record<string, number> = {};
    for (const m of section.matchAll(/^\|\s*(\d+)\s*\|([^|]+)\|/gm)) {
      for (const code of (m[2] ?? '').matchAll(/`([A-Z_]+)`/g)) documented[code[1] ?? ''] = Number(m[1]);
    }
    expect(documented).toEqual({ ...EXIT_CODES });
  });
});
