import { describe, expect, it } from 'vitest';
import { parseAgentResult } from './agent-result.js';
import type { PromptTask } from './prompt.js';
import {
  buildFixPrompt,
  buildReassignPrompt,
  buildTaskPrompt,
  formatCommand,
  RESULT_CONTRACT,
  withTaskPrompt,
  trimOutputTail,
} from './prompt.js';

const task: PromptTask = {
  id: 'add-login',
  title: 'Add the login form',
  body: 'Add a login form to the app.\n\n## Acceptance\n- the form posts to /login\n',
  owns: ['src/login/**', 'test/login.test.ts'],
  reads: ['src/app.ts'],
  accept: [['npm', 'test', '--', 'login'], 'test -f src/login/form.ts'],
};
const gates = [
  { name: 'test', command: 'npm test' },
  { name: 'lint', command: ['npx', 'eslint', 'src dir'] },
];

describe('buildTaskPrompt', () => {
  const prompt = buildTaskPrompt({ task, gates });

  it('carries the goal, owned paths with the scope rule, reads, checks and the result contract', () => {
    expect(prompt.startsWith('# Task add-login: Add the login form\n\nAdd a login form to the app.')).toBe(
      true,
    );
    expect(prompt).toContain('- the form posts to /login');
    expect(prompt).toContain('- `src/login/**`\n- `test/login.test.ts`');
    expect(prompt).toContain('stop and report `scope_expansion` with the paths and why');
    expect(prompt).toContain('## Read for context\n- `src/app.ts`');
    expect(prompt).toContain("- `npm test` (test)\n- `npx eslint 'src dir'` (lint)");
    expect(prompt).toContain(
      '- `npm test -- login` (acceptance)\n- `test -f src/login/form.ts` (acceptance)',
    );
    expect(prompt.trimEnd().endsWith(RESULT_CONTRACT)).toBe(true);
  });

  it('leaves out empty sections', () => {
    const bare = buildTaskPrompt({ task: { ...task, reads: [], accept: [] }, gates: [] });
    expect(bare).not.toContain('## Read for context');
    expect(bare).not.toContain('## Before you finish');
  });

  it('shows a result example that the result parser reads back once filled in', () => {
    const example = /```json\n(.*)\n```/.exec(RESULT_CONTRACT)?.[1] ?? '';
    const filled = example.replace('completed|blocked|scope_expansion', 'completed');
    expect(parseAgentResult(`ok\n${filled}`)).toMatchObject({ kind: 'ok', result: { status: 'completed' } });
  });
});

describe('buildFixPrompt', () => {
  it('names the gate and command and keeps only the tail of long output', () => {
    const output = Array.from({ length: 500 }, (_, i) => `line ${i + 1}`).join('\n');
    const prompt = buildFixPrompt({
      gate: 'test',
      command: ['npm', 'test'],
      output,
      exitCode: 1,
      iteration: 2,
      maxIterations: 3,
    });
    expect(prompt).toContain('The `test` check failed with exit code 1 (fix 2 of 3).');
    expect(prompt).toContain('Command: `npm test`');
    expect(prompt).toContain('line 500');
    expect(prompt).toContain('[… earlier output omitted …]');
    expect(prompt).not.toContain('line 400\n');
    expect(prompt).toContain(RESULT_CONTRACT);
  });
});

describe('withTaskPrompt', () => {
  it('gives the task, then the follow-up, with the result contract once at the end', () => {
    const fix = buildFixPrompt({ gate: 'test', command: ['npm', 'test'], output: 'FAIL' });
    const prompt = withTaskPrompt(buildTaskPrompt({ task, gates }), fix);
    expect(prompt.split('## When you finish')).toHaveLength(2);
    expect(prompt.trimEnd().endsWith(RESULT_CONTRACT)).toBe(true);
    expect(prompt.indexOf('# Task add-login')).toBe(0);
    expect(prompt.indexOf('## Files you own')).toBeLessThan(prompt.indexOf('The `test` check failed'));
    // A follow-up without a contract still ends with one.
    expect(withTaskPrompt(buildTaskPrompt({ task, gates }), 'Merge main.').trimEnd()).toMatch(
      /Merge main\.\n\n## When you finish[\s\S]*\(may be empty\)\.$/,
    );
  });
});

describe('trimOutputTail', () => {
  it('keeps short output whole and cuts long lines to maxChars', () => {
    expect(trimOutputTail('a\nb\n\n')).toBe('a\nb');
    const cut = trimOutputTail('x'.repeat(10_000), { maxChars: 100 });
    expect(cut).toBe(`[… earlier output omitted …]\n${'x'.repeat(100)}`);
  });
});

describe('buildReassignPrompt', () => {
  it('is the task prompt plus notes on what failed, before the result contract', () => {
    const prompt = buildReassignPrompt({
      task,
      gates,
      previousAgent: 'claude',
      failures: [
        { what: 'gate test', detail: 'TypeError: x is undefined at src/login/form.ts:12', times: 3 },
      ],
      tried: ['Changed the import path'],
    });
    expect(prompt.startsWith(buildTaskPrompt({ task, gates }).split(RESULT_CONTRACT)[0] ?? '')).toBe(true);
    expect(prompt).toContain('(agent `claude`) got stuck');
    expect(prompt).toContain(
      '- gate test (3 times in a row):\n```\nTypeError: x is undefined at src/login/form.ts:12\n```',
    );
    expect(prompt).toContain('What it tried:\n- Changed the import path');
    expect(prompt.trimEnd().endsWith(RESULT_CONTRACT)).toBe(true);
  });
});

describe('formatCommand', () => {
  it('quotes array arguments for display', () => {
    expect(formatCommand(['git', 'commit', '-m', "it's done"])).toBe(`git commit -m 'it'\\''s done'`);
    expect(formatCommand('npm test && npm run lint')).toBe('npm test && npm run lint');
  });
});
