// Every script example in docs/scripted-agent.md (and every fixture script) is valid.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScript, selectSteps } from '../src/infra/agents/scripted/load-script.js';

const doc = readFileSync('docs/scripted-agent.md', 'utf8');
const examples = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)]
  .map((m) => m[1] ?? '')
  .filter((y) => !y.startsWith('# .grove/config.yaml') && !y.startsWith('runs:\n  1: [...]'));

describe('scripted agent docs', () => {
  it('has script examples that parse', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const y of examples) expect(() => parseScript(y, 'doc example')).not.toThrow();
  });

  it('has fixture scripts that parse', () => {
    const dir = 'test/fixtures/scripts';
    for (const f of readdirSync(dir))
      expect(() => parseScript(readFileSync(join(dir, f), 'utf8'), f)).not.toThrow();
  });

  it('selects run sections as documented', () => {
    const s = parseScript(
      'runs:\n  1: [{say: one}]\n  2-3: [{say: two-three}]\n  2-5: [{say: wide}]\n  6+: [{say: six-up}]\n  default: [{say: dflt}]\n',
    );
    const said = (n: number) => selectSteps(s, n)[0]?.say;
    expect([1, 2, 3, 4, 5, 6, 9].map(said)).toEqual([
      'one',
      'two-three',
      'two-three',
      'wide',
      'wide',
      'six-up',
      'six-up',
    ]);
    const d = parseScript('runs:\n  1: [{say: one}]\n  default: [{say: dflt}]\nsteps: [{say: top}]\n');
    expect(selectSteps(d, 2)[0]?.say).toBe('dflt');
    expect(selectSteps(parseScript('runs:\n  1: [{say: one}]\nsteps: [{say: top}]\n'), 2)[0]?.say).toBe(
      'top',
    );
  });

  it('answers a prompt by what it contains before the run number', () => {
    const s = parseScript(
      'on_prompt:\n  - {contains: rename it, steps: [{say: renamed}]}\n  - {contains: it, steps: [{say: later}]}\nruns:\n  2: [{say: two}]\n',
    );
    expect(selectSteps(s, 2, 'review: please rename it')[0]?.say).toBe('renamed');
    expect(selectSteps(s, 2, 'fix the test')[0]?.say).toBe('two');
    expect(selectSteps(s, 2)[0]?.say).toBe('two');
  });
});
