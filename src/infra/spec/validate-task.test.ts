import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../shared/errors.js';
import { validateTaskText } from './validate-task.js';

const NO_AGENTS = { agents: {} };
const check = (text: string, file = '.grove/tasks/add-login.md'): string[] =>
  validateTaskText(text, file, NO_AGENTS).problems.map(formatProblem);

const GOOD = `---
id: add-login
title: "  Add a login form  "
owns: [./src/login/**, src/login/**]
depends_on: [db, db]
agent: claude
budget: { tokens: 500000 }
accept: ["npm test", [npx, tsc]]
---

## Goal
A login form.
`;

describe('validateTaskText', () => {
  it('parses and normalises a good task', () => {
    const { task, problems } = validateTaskText(GOOD, '.grove/tasks/add-login.md', NO_AGENTS);
    expect(problems).toEqual([]);
    expect(task).toMatchObject({
      id: 'add-login',
      title: 'Add a login form',
      owns: ['src/login/**'],
      reads: [],
      depends_on: ['db'],
      agent: 'claude',
      budget: { tokens: 500000 },
      accept: ['npm test', ['npx', 'tsc']],
      priority: 0,
      file: '.grove/tasks/add-login.md',
    });
    expect(task?.body).toBe('## Goal\nA login form.\n');
  });

  it('reports lines in the file, counting the front matter offset', () => {
    expect(check('---\nid: add-login\ntitel: Add\nowns: [src/**]\n---\n')).toEqual([
      '.grove/tasks/add-login.md:2: title: missing required key `title` — add `title: Add a login form`',
      '.grove/tasks/add-login.md:3: titel: unknown key `titel`; did you mean `title`?',
    ]);
    expect(check('---\nid: add-login\ntitle: Add\nowns: []\npriority: high\n---\n')).toEqual([
      '.grove/tasks/add-login.md:4: owns: needs at least 1 item — write e.g. `owns: [src/login/**]`',
      '.grove/tasks/add-login.md:5: priority: expected a number, got the text "high" — write e.g. `priority: 0`',
    ]);
  });

  it('checks the id against the file name and the id rule', () => {
    expect(check('---\nid: login\ntitle: Add\nowns: [src/**]\n---\n')).toEqual([
      '.grove/tasks/add-login.md:2: id: id `login` differs from the file name `add-login.md` — write `id: add-login` or rename the file to `login.md`',
    ]);
    expect(check('---\nid: Add Login\ntitle: x\nowns: [a]\n---\n', '.grove/tasks/Add Login.md')).toEqual([
      '.grove/tasks/Add Login.md:2: id: the text "Add Login" is not valid: use lowercase letters, digits and dashes, e.g. "add-login"',
    ]);
    expect(check('---\nid: a\ntitle: x\nowns: [a]\n---\n', '.grove/tasks/a;rm -rf.md')[0]).toBe(
      '.grove/tasks/a;rm -rf.md:1: the file name `a;rm -rf.md` is not a valid task id — a task id is 1–63 lowercase letters, digits and dashes, starting with a letter or digit (it becomes a branch and folder name); rename the file, e.g. `a-rm-rf.md`',
    );
  });

  it('checks globs, self-dependency and the agent', () => {
    expect(
      check(
        '---\nid: add-login\ntitle: x\nowns:\n  - src/**\n  - ../etc/**\n  - /abs\n  - "src/[a"\ndepends_on: [add-login]\nagent: codx\n---\n',
      ),
    ).toEqual([
      '.grove/tasks/add-login.md:6: owns[1]: `../etc/**`: a glob may not leave the repository (no ".." segments)',
      '.grove/tasks/add-login.md:7: owns[2]: `/abs`: globs are relative to the repository root; drop the leading "/"',
      expect.stringMatching(/^\.grove\/tasks\/add-login\.md:8: owns\[3\]: `src\/\[a`: not a valid glob: /),
      '.grove/tasks/add-login.md:9: depends_on[0]: a task cannot depend on itself — remove it from depends_on',
      '.grove/tasks/add-login.md:10: agent: unknown agent `codx`; did you mean `codex`? — use one of claude, codex, gemini, scripted, or define it under `agents` in .grove/config.yaml',
    ]);
  });

  it('knows agents defined in the config', () => {
    const text = '---\nid: add-login\ntitle: x\nowns: [a]\nagent: mine\n---\n';
    expect(
      validateTaskText(text, '.grove/tasks/add-login.md', {
        agents: { mine: { adapter: 'command', args: [], env: {}, prompt_via: 'arg' } },
      }).problems,
    ).toEqual([]);
  });

  it('checks a role against config `budgets.roles`, and a dollar budget', () => {
    const config = { agents: {}, budgets: { roles: { frontend: { tokens: 180000 } } } };
    const task = (extra: string): string => `---\nid: add-login\ntitle: x\nowns: [a]\n${extra}---\n`;
    const problems = (extra: string): string[] =>
      validateTaskText(task(extra), '.grove/tasks/add-login.md', config).problems.map(formatProblem);
    expect(problems('role: frontend\nbudget: { usd: 2 }\n')).toEqual([]);
    expect(problems('role: frontnd\n')).toEqual([
      '.grove/tasks/add-login.md:5: role: unknown role `frontnd`; did you mean `frontend`? — use one of frontend, or add it under `budgets.roles` in .grove/config.yaml',
    ]);
    expect(problems('budget: { usd: -1 }\n')).toEqual([
      '.grove/tasks/add-login.md:5: budget.usd: must be more than 0, got -1 — write e.g. `usd: 2`',
    ]);
  });

  it('refuses an agent plan for a command agent, from the task or from config, naming the line', () => {
    const mine = { adapter: 'command' as const, args: [], env: {}, prompt_via: 'arg' as const };
    const own = '---\nid: add-login\ntitle: x\nowns: [a]\nagent: mine\nagent_plan: true\n---\n';
    expect(
      validateTaskText(own, '.grove/tasks/add-login.md', { agents: { mine } }).problems.map(formatProblem),
    ).toEqual([
      '.grove/tasks/add-login.md:6: agent_plan: this task sets `agent_plan: true`, but agent `mine` (adapter command) cannot write an agent plan: a plain command has no plan-only mode — set `agent_plan: false` in this task, or give it a claude, codex, gemini or scripted agent',
    ]);
    const inherited = '---\nid: add-login\ntitle: x\nowns: [a]\n---\n';
    const config = {
      agents: { mine },
      default_agent: 'mine',
      review: { code: 'auto' as const, plan: 'auto' as const, agent_plan: true },
    };
    expect(validateTaskText(inherited, '.grove/tasks/add-login.md', config).problems[0]?.message).toContain(
      'config `review.agent_plan` is true, but agent `mine` (adapter command)',
    );
    // Turned off for the task, or another agent: fine.
    const off = '---\nid: add-login\ntitle: x\nowns: [a]\nagent_plan: false\n---\n';
    expect(validateTaskText(off, '.grove/tasks/add-login.md', config).problems).toEqual([]);
    const scripted = '---\nid: add-login\ntitle: x\nowns: [a]\nagent: scripted\n---\n';
    expect(validateTaskText(scripted, '.grove/tasks/add-login.md', config).problems).toEqual([]);
  });

  it('reports missing or unterminated front matter and YAML errors', () => {
    expect(check('# Add login\n')).toEqual([
      '.grove/tasks/add-login.md:1: no YAML front matter — start the file with a `---` line, the keys (id, title, owns, …), then another `---` line',
    ]);
    expect(check('---\nid: add-login\n')).toEqual([
      '.grove/tasks/add-login.md:1: the front matter has no closing `---` line — end the keys with a line containing only `---`',
    ]);
    expect(check('---\nid: add-login\ntitle: x: y\nowns: [a]\n---\n')[0]).toMatch(
      /^\.grove\/tasks\/add-login\.md:3: YAML syntax error: /,
    );
    expect(check('---\n- a\n---\n')[0]).toContain(':2: the front matter must be a mapping');
  });

  it('accepts CRLF line endings and a byte-order mark', () => {
    const { problems, task } = validateTaskText(
      `\uFEFF${GOOD.replace(/\n/g, '\r\n')}`,
      '.grove/tasks/add-login.md',
      NO_AGENTS,
    );
    expect(problems).toEqual([]);
    expect(task?.id).toBe('add-login');
  });

  it('takes `host: any` when config has hosts, and says what to add when it has none', () => {
    const text = GOOD.replace('agent: claude\n', 'host: any\n');
    const hosts = { box1: { ssh: 'a', root: '/x', wip: 2 } };
    const ok = validateTaskText(text, '.grove/tasks/add-login.md', { ...NO_AGENTS, hosts });
    expect(ok.problems).toEqual([]);
    expect(ok.task?.host).toBe('any');
    const none = validateTaskText(text, '.grove/tasks/add-login.md', { ...NO_AGENTS, hosts: {} });
    expect(none.problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /host: `host: any` spreads tasks over config `hosts`, and there are none — add a host under `hosts`.*or drop `host: any` to run here/,
      ),
    ]);
  });
});
