// Feeds thousands of generated malformed config and task files to the validators: every one must
// come back as clean problems (file, line, message) or a valid result, never an exception.
import { describe, expect, it } from 'vitest';
import { renderConfigTemplate } from '../../src/infra/spec/config-template.js';
import { validateConfigText } from '../../src/infra/spec/validate-config.js';
import { validateTaskText } from '../../src/infra/spec/validate-task.js';
import type { SpecProblem } from '../../src/shared/errors.js';
import { formatProblem } from '../../src/shared/errors.js';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JUNK = [
  ':',
  ': ',
  '-',
  '- ',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '\t',
  '\n',
  '  ',
  '&a ',
  '*a',
  '!!binary ',
  '#',
  '|',
  '>',
  '?',
  ',',
  '%',
  '@',
  '`',
  '---\n',
  '\u0000',
  'é',
  '0x1F',
  '1e999',
  '-1',
  'null',
  '~',
  'true',
  '.inf',
];
const VALUES = [
  '3',
  '-5',
  '0',
  '99999999999999999999',
  '"text"',
  '[a, b]',
  '{a: 1}',
  'null',
  'true',
  '1.5',
  '""',
  '[]',
  '{}',
  '"10m"',
  'soon',
  '[[1]]',
];

function mutate(text: string, rand: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(rand() * 4);
  for (let e = 0; e < edits; e++) {
    const pos = Math.floor(rand() * (out.length + 1));
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    switch (Math.floor(rand() * 5)) {
      case 0: // insert junk
        out = out.slice(0, pos) + pick(JUNK) + out.slice(pos);
        break;
      case 1: // delete a span
        out = out.slice(0, pos) + out.slice(pos + 1 + Math.floor(rand() * 8));
        break;
      case 2: {
        // replace a value after a colon
        const lines = out.split('\n');
        const i = Math.floor(rand() * lines.length);
        lines[i] = (lines[i] ?? '').replace(/:(\s*).*$/, `:$1${pick(VALUES)}`);
        out = lines.join('\n');
        break;
      }
      case 3: {
        // misspell a key
        const lines = out.split('\n');
        const i = Math.floor(rand() * lines.length);
        lines[i] = (lines[i] ?? '').replace(
          /^(\s*#?\s*)([a-z_]+)(?=:)/,
          (_m, pre: string, key: string) => `${pre}${key.slice(1)}${key[0] ?? ''}`,
        );
        out = lines.join('\n');
        break;
      }
      default: {
        // swap two lines (breaks indentation and nesting)
        const lines = out.split('\n');
        const i = Math.floor(rand() * lines.length);
        const j = Math.floor(rand() * lines.length);
        [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
        out = lines.join('\n');
      }
    }
  }
  return out;
}

function assertClean(problems: readonly SpecProblem[], file: string, input: string): void {
  for (const p of problems) {
    const text = formatProblem(p);
    expect(p.file, input).toBe(file);
    expect(Number.isInteger(p.line) && p.line >= 1, `${text}\n--- input:\n${input}`).toBe(true);
    expect(p.line, text).toBeLessThanOrEqual(input.split('\n').length + 1);
    expect(p.message.length, text).toBeGreaterThan(0);
    expect(text, input).not.toMatch(/\[object Object\]|undefined|NaN/);
  }
}

const TASK = `---
id: add-login
title: Add a login form
owns: [src/login/**, "src/shared/*.ts"]
reads: [docs/**]
depends_on: [db-schema]
agent: claude
budget:
  tokens: 500000
accept:
  - npm test
  - [npx, tsc, --noEmit]
priority: 2
---
## Goal
Build it.
`;

describe('fuzz: malformed files give clean problems, never exceptions', () => {
  // 1,000 + 800 files, of which at least 1,000 in total are malformed (checked below).
  const CASES = 800;
  // The config template has grown keys that take any name (role budgets, prices), where a mutation is
  // often harmless: more config files, so that at least 500 of them are still malformed.
  const CONFIG_CASES = 1000;

  it(`config: ${CONFIG_CASES} mutated files`, () => {
    const rand = prng(20261128);
    const base = renderConfigTemplate({ commented: false });
    let withErrors = 0;
    for (let i = 0; i < CONFIG_CASES; i++) {
      const input = mutate(base, rand);
      const result = validateConfigText(input, '.grove/config.yaml');
      assertClean(result.problems, '.grove/config.yaml', input);
      const errors = result.problems.filter((p) => p.severity === 'error');
      expect(result.config === undefined, input).toBe(errors.length > 0);
      if (errors.length > 0) withErrors++;
    }
    // The generator must really produce bad files, not only harmless edits.
    expect(withErrors).toBeGreaterThanOrEqual(500);
  });

  it(`task: ${CASES} mutated files`, () => {
    const rand = prng(7);
    let withErrors = 0;
    for (let i = 0; i < CASES; i++) {
      const input = mutate(TASK, rand);
      const result = validateTaskText(input, '.grove/tasks/add-login.md', { agents: {} });
      assertClean(result.problems, '.grove/tasks/add-login.md', input);
      expect(result.task === undefined, input).toBe(result.problems.length > 0);
      if (result.problems.length > 0) withErrors++;
    }
    expect(withErrors).toBeGreaterThanOrEqual(500);
  });
});
