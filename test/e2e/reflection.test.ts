// Issue 20, the agent's own reflection: when a task's gates pass, grove asks the same session in a
// read-only final turn for the one thing the next agent should know. A real `grove run` with the
// scripted agent (its `reflect` answer), real git, real SQLite: the answer becomes a proposal with
// source `reflection` and its evidence (task, attempt, the agent's words); a turn that edits a file is
// put back and yields nothing; `compound.reflect: false` asks nothing; a failing turn never holds the task.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroveProject } from '../helpers/grove-project.js';
import { project, writeScript } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const RULE =
  'Pad cents with toFixed(2) before comparing receipts (because the receipt test compares strings)';

const CONFIG = 'gates:\n  test: [node, -e, "0"]\n';

interface Proposal {
  id: string;
  entry: string;
  status: string;
  evidence: Array<{ task: string; source: string; attempt?: number }>;
}

function events(p: GroveProject, task: string): Array<{ type: string; data: Record<string, unknown> }> {
  const r = p.grove('events', task, '--type', 'reflection', '--json');
  expect(r.code, r.stderr).toBe(0);
  return r.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });
}

describe('the agent reflects at the end of its task', () => {
  it('keeps its one rule as a proposal with source reflection and its evidence', () => {
    const script = `${writeScript('a')}reflect: "I learned a lot.\\nRULE: ${RULE}"\n`;
    p = project({ a: script }, CONFIG);
    const run = p.grove('run', '--no-dashboard');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const refl = events(p, 'a').filter((e) => e.type === 'reflection');
    expect(refl).toHaveLength(1);
    expect(refl[0]!.data).toMatchObject({ outcome: 'rule', rule: RULE, n: 1, agent: 'scripted' });
    expect(String(refl[0]!.data['words'])).toContain('I learned a lot.');

    const proposals = JSON.parse(p.grove('retro', '--json').stdout) as Proposal[];
    const mine = proposals.find((x) => x.evidence.some((e) => e.source === 'reflection'));
    expect(mine).toMatchObject({
      entry: RULE,
      status: 'proposed',
      evidence: [{ task: 'a', source: 'reflection', attempt: 1 }],
    });
    const shown = p.grove('retro', '--show', mine!.id);
    expect(shown.stdout).toContain(
      '== a (reflection): attempt 1 (scripted) reflected at the end of the task',
    );
    expect(shown.stdout).toContain('I learned a lot.');
    // The reflection ran in the same session, read-only, and was not counted as a run of the task.
    const prompt = readFileSync(
      join(p.root, '.git', 'grove', 'homes', 'a', 'scripted', 'scripted-agent', 'state.json'),
      'utf8',
    );
    expect((JSON.parse(prompt) as { runs: unknown }).runs).toEqual({ a: 1 });
  });

  it('the same rule from two tasks is one proposal with two pieces of evidence', () => {
    const script = (id: string) => `${writeScript(id)}reflect: "RULE: ${RULE}"\n`;
    p = project({ a: script('a'), b: script('b') }, CONFIG);
    const run = p.grove('run', '--no-dashboard');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const proposals = JSON.parse(p.grove('retro', '--json').stdout) as Proposal[];
    const mine = proposals.filter((x) => x.evidence.some((e) => e.source === 'reflection'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.evidence.map((e) => e.task).sort()).toEqual(['a', 'b']);
  });

  it('a reflection that tries to edit is refused and yields no candidate; the task merges regardless', () => {
    const script = [
      writeScript('a'),
      'reflect:',
      '  - write: { path: src/a/index.js, content: "changed while reflecting\\n" }',
      '  - exit: 3',
      '',
    ].join('\n');
    p = project({ a: script }, CONFIG);
    const run = p.grove('run', '--no-dashboard');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const refl = events(p, 'a').filter((e) => e.type === 'reflection');
    expect(refl).toHaveLength(1);
    expect(refl[0]!.data['outcome']).toBe('failed');
    expect(String(refl[0]!.data['reason'])).toContain('the turn failed: exit code 3');
    expect(p.git('show', 'main:src/a/index.js')).toBe('export const v = 1;\n');
    const proposals = JSON.parse(p.grove('retro', '--json').stdout) as Proposal[];
    expect(proposals.filter((x) => x.evidence.some((e) => e.source === 'reflection'))).toEqual([]);
  });

  it('a reflection that changes a file through a command is put back; its tokens count in the budget', () => {
    const script = [
      writeScript('a', 1000),
      'reflect:',
      '  - run: [sh, -c, "echo changed > src/a/index.js"]',
      '  - reflect: "RULE: Never edit while reflecting (because grove puts it back)"',
      '    usage: { input: 777, output: 0 }',
      '',
    ].join('\n');
    p = project({ a: script }, CONFIG);
    const run = p.grove('run', '--no-dashboard');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const refl = events(p, 'a').filter((e) => e.type === 'reflection');
    expect(refl[0]!.data).toMatchObject({
      outcome: 'failed',
      reason: 'the turn changed src/a/index.js; put back',
    });
    expect(refl[0]!.data['tokens']).toBe(777);
    expect(p.git('show', 'main:src/a/index.js')).toBe('export const v = 1;\n');
    const report = JSON.parse(p.grove('report', '--json').stdout) as {
      tasks: Array<{ id: string; tokens: { total: number } }>;
    };
    expect(report.tasks.find((t) => t.id === 'a')?.tokens.total).toBe(1777);
  });

  it('compound.reflect: false asks nothing', () => {
    const script = `${writeScript('a')}reflect: "RULE: ${RULE}"\n`;
    p = project({ a: script }, `${CONFIG}compound: { reflect: false }\n`);
    const run = p.grove('run', '--no-dashboard');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(events(p, 'a').filter((e) => e.type === 'reflection')).toEqual([]);
  });
});
