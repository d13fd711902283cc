// Issue 20, `grove retro` keyboard-driven in a terminal: a real pseudo-terminal (util-linux `script`,
// no native dependency) runs the real CLI; the test types single keys as a person would and waits for
// each prompt. Three reflections give three proposals: e (edit in $EDITOR) accepts the edited text,
// m merges one proposal into another (one proposal, both pieces of evidence), r rejects; q quits.
// Piped (no terminal), the same command keeps listing the proposals as before.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroveProject } from '../helpers/grove-project.js';
import { BIN } from './grove-run-real-agents-fixture.js';
import { project, writeScript } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const RULES = {
  a: 'Pad cents with toFixed(2) in receipts (because the receipt test compares strings)',
  b: 'Round tax per line before summing totals (because the totals test expects it)',
  c: 'Round the tax of each line before adding it up (because totals are compared per line)',
};

const hasScript = spawnSync('script', ['--version']).status === 0;

interface Pty {
  waitFor(text: string): Promise<void>;
  type(keys: string): void;
  exited: Promise<number | null>;
  output(): string;
}

function startPty(cwd: string, env: NodeJS.ProcessEnv): Pty {
  const child = spawn('script', ['-qfec', `${process.execPath} ${BIN} retro`, '/dev/null'], {
    cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let seen = 0;
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  const check = (): void => {
    for (const w of [...waiters]) {
      const at = out.indexOf(w.text, seen);
      if (at >= 0) {
        seen = at + w.text.length;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout.on('data', (b: Buffer) => ((out += b.toString('utf8')), check()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
  return {
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${text}" on the terminal:\n${out}`)), 20_000);
        waiters.push({ text, resolve: () => (clearTimeout(timer), resolve()) });
        check();
      }),
    type: (keys) => child.stdin.write(keys),
    exited: new Promise((resolve) => child.on('close', resolve)),
    output: () => out,
  };
}

interface Proposal {
  id: string;
  entry: string;
  status: string;
  evidence: Array<{ task: string; source: string }>;
}

describe.skipIf(!hasScript)('grove retro with single keys in a terminal', () => {
  it('walks the proposals with their evidence: e edits, m merges into another proposal, r rejects', async () => {
    const script = (id: keyof typeof RULES) => `${writeScript(id)}reflect: "RULE: ${RULES[id]}"\n`;
    p = project({ a: script('a'), b: script('b'), c: script('c') }, 'gates:\n  test: [node, -e, "0"]\n');
    const run = p.grove('run', '--no-dashboard');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const before = JSON.parse(p.grove('retro', '--json').stdout) as Proposal[];
    const idOf = (t: string): string => before.find((x) => x.evidence[0]?.task === t)!.id;
    const ids = { a: idOf('a'), b: idOf('b'), c: idOf('c') };
    expect(new Set(Object.values(ids)).size).toBe(3);

    // Piped: the listing, no prompt.
    const piped = p.grove('retro');
    expect(piped.stdout).toContain('accept or reject with `grove retro --accept ID… --reject ID…`');
    expect(piped.stdout).not.toContain('a)ccept');

    const env = { ...process.env, EDITOR: 'sed -i "s/Pad/Always pad/"', VISUAL: '' };
    const pty = startPty(p.root, env);
    await pty.waitFor(`[1/3] ${ids.a}`);
    await pty.waitFor('a (reflection): attempt 1 (scripted) reflected at the end of the task');
    await pty.waitFor('q)uit > ');
    pty.type('e');
    await pty.waitFor(`${ids.a} accepted`);
    await pty.waitFor(`[2/3] ${ids.b}`);
    await pty.waitFor('q)uit > ');
    pty.type('m');
    await pty.waitFor('number (empty: back) > ');
    // AGENTS.md's one new entry is 1); the other waiting proposal (c) is 2).
    expect(pty.output()).toContain(`2) proposal ${ids.c}: ${RULES.c}`);
    pty.type('2\r');
    await pty.waitFor('merged entry (empty keeps');
    pty.type('\r');
    await pty.waitFor(`${ids.b} merged into ${ids.c}`);
    await pty.waitFor(`[3/3] ${ids.c}`);
    await pty.waitFor('q)uit > ');
    pty.type('r');
    await pty.waitFor(`${ids.c} rejected`);
    const code = await pty.exited;
    expect(code, pty.output()).toBe(0);

    const after = JSON.parse(p.grove('retro', '--json').stdout) as Proposal[];
    const byId = new Map(after.map((x) => [x.id, x]));
    expect(byId.get(ids.a)).toMatchObject({ status: 'accepted', entry: `Always pad${RULES.a.slice(3)}` });
    expect(byId.get(ids.b)?.status).toBe('rejected');
    expect(byId.get(ids.c)?.status).toBe('rejected');
    expect(
      byId
        .get(ids.c)
        ?.evidence.map((e) => e.task)
        .sort(),
    ).toEqual(['b', 'c']);
    expect(readFileSync(join(p.root, 'AGENTS.md'), 'utf8')).toContain(`- Always pad${RULES.a.slice(3)}`);
    const merged = p.grove('events', '--type', 'learning', '--json');
    expect(merged.stdout).toContain(`"into":"${ids.c}"`);
  }, 90_000);

  it('q quits at once, deciding nothing', async () => {
    p = project(
      { a: `${writeScript('a')}reflect: "RULE: ${RULES.a}"\n` },
      'gates:\n  test: [node, -e, "0"]\n',
    );
    expect(p.grove('run', '--no-dashboard').code).toBe(0);
    const pty = startPty(p.root, process.env);
    await pty.waitFor('q)uit > ');
    pty.type('q');
    expect(await pty.exited).toBe(0);
    expect(pty.output()).toContain('0 decided');
    const after = JSON.parse(p.grove('retro', '--json').stdout) as Proposal[];
    expect(after.every((x) => x.status === 'proposed')).toBe(true);
  }, 60_000);
});
