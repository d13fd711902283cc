import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../shared/config.js';
import { formatProblem } from '../../shared/errors.js';
import { renderConfigTemplate } from './config-template.js';
import { validateConfigText } from './validate-config.js';

const FILE = '.grove/config.yaml';
const check = (text: string): string[] => validateConfigText(text, FILE).problems.map(formatProblem);

describe('validateConfigText', () => {
  it('accepts an empty file as all defaults', () => {
    const result = validateConfigText('', FILE);
    expect(result.problems).toEqual([]);
    expect(result.config).toEqual(ConfigSchema.parse({}));
    expect(result.config?.wip).toBe(3);
  });

  it('suggests the nearest known key for a misspelt one, at its line', () => {
    expect(check('# comment\nwpi: 3\n')).toEqual([
      '.grove/config.yaml:2: wpi: unknown key `wpi`; did you mean `wip`?',
    ]);
    expect(check('budgets:\n  tokens: 10\n  pasue_at: 0.5\n')).toEqual([
      '.grove/config.yaml:3: budgets.pasue_at: unknown key `pasue_at`; did you mean `pause_at`?',
    ]);
  });

  it('lists the known keys when nothing is close', () => {
    expect(check('fix:\n  zzzzzz: 1\n')).toEqual([
      '.grove/config.yaml:2: fix.zzzzzz: unknown key `zzzzzz` — known keys here: max_iterations',
    ]);
  });

  it('names file, line, field and what to write for wrong types and ranges', () => {
    expect(
      check('wip: three\nbudgets:\n  pause_at: 2\nqueue:\n  mode: locl\nhooks:\n  timeout: soon\n'),
    ).toEqual([
      '.grove/config.yaml:1: wip: expected a number, got the text "three" — write e.g. `wip: 3`',
      '.grove/config.yaml:3: budgets.pause_at: must be at most 1, got 2 — write e.g. `pause_at: 0.85`',
      '.grove/config.yaml:5: queue.mode: the text "locl" is not allowed; did you mean `local`? — write one of: local, pr',
      '.grove/config.yaml:7: hooks.timeout: "soon" is not a duration; write e.g. "30s", "10m" or "1h"',
    ]);
  });

  it('explains commands and gate names', () => {
    expect(check('gates:\n  test: 5\n  Lint: npm run lint\n')).toEqual([
      '.grove/config.yaml:2: gates.test: expected a command (a shell line, or a list of arguments), got number 5',
      '.grove/config.yaml:3: gates.Lint: `Lint` is not a valid name — use lowercase letters, digits, `_` and `-`, starting with a letter',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = check('wip: 3\nqueue:\n  mode: local\n   method: squash\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toBe(
      '.grove/config.yaml:3: YAML syntax error: Nested mappings are not allowed in compact mappings — check the YAML syntax on that line (quote values with special characters)',
    );
    expect(check('wip: 3\nqueue:\n\tmode: local\n')[0]).toMatch(
      /^\.grove\/config\.yaml:3: YAML syntax error: .* — indent with spaces, not tabs$/,
    );
    expect(check('wip: 3\nwip: 4\n')[0]).toMatch(
      /^\.grove\/config\.yaml:2: YAML syntax error: .*unique.* — each key may appear once/,
    );
  });

  it('refuses a config that is not a mapping', () => {
    expect(check('- a\n- b\n')[0]).toContain(':1: the config must be a mapping of keys');
  });

  it('checks ports order, agents and the queue test gate after the schema', () => {
    expect(
      check(
        'ports:\n  from: 5000\n  to: 4500\ndefault_agent: claud\nstuck:\n  fallback_agent: nobody\nqueue:\n  test: tests\ngates:\n  test: npm test\n',
      ),
    ).toEqual([
      '.grove/config.yaml:2: ports.from: ports.from (5000) is above ports.to (4500) — write the lower port in `from` and the higher in `to`',
      '.grove/config.yaml:4: default_agent: unknown agent `claud`; did you mean `claude`? — use one of claude, codex, gemini, scripted, or define it under `agents`',
      '.grove/config.yaml:6: stuck.fallback_agent: unknown agent `nobody` — use one of claude, codex, gemini, scripted, or define it under `agents`',
      '.grove/config.yaml:8: queue.test: queue.test names the gate `tests`, but there is no such gate; did you mean `test`? — use one of the gates (test), or write a command as a list, e.g. `test: [tests]`',
    ]);
  });

  it('accepts agents defined in the config and a queue test that is a command', () => {
    const text =
      'default_agent: mine\nagents:\n  mine:\n    adapter: command\n    bin: aider\nqueue:\n  test: npm test\n';
    const result = validateConfigText(text, FILE);
    expect(result.problems).toEqual([]);
    expect(result.config?.agents.mine?.adapter).toBe('command');
  });

  it('round-trips a full config: the live init template parses to the defaults it shows', () => {
    const live = renderConfigTemplate({ commented: false });
    const result = validateConfigText(live, FILE);
    expect(result.problems).toEqual([]);
    const defaults = ConfigSchema.parse({});
    const config = result.config as NonNullable<typeof result.config>;
    // Keys with defaults come back as the defaults (durations written as "10m" equal the ms defaults).
    expect(config.wip).toBe(defaults.wip);
    expect(config.hooks.timeout).toBe(defaults.hooks.timeout);
    expect(config.attempts).toEqual(defaults.attempts);
    expect(config.stuck.idle).toBe(defaults.stuck.idle);
    expect(config.budgets).toMatchObject({
      tokens: defaults.budgets.tokens,
      pause_at: defaults.budgets.pause_at,
      // Keys without a default show their example: the caps, and the method's role budgets.
      usd_per_cycle: 20,
      roles: { frontend: { tokens: 180000 }, backend: { tokens: 280000 } },
    });
    expect(config.queue.method).toBe(defaults.queue.method);
    // Examples for keys without a default are valid too.
    expect(config.gates.test).toBe('npm test');
    // grove init turns review on: a new project's lead approves the plan and every change.
    expect(config.review).toEqual({ ...defaults.review, plan: 'required', code: 'required' });
    // And the commented template is the same text with every key line commented out but those.
    const commented = renderConfigTemplate();
    expect(parse(commented)).toEqual({ review: { code: 'required', plan: 'required' } });
    const initLines = new Set(['review:', '  code: required', '  plan: required']);
    for (const line of live.split('\n').filter((l) => l && !l.trimStart().startsWith('#'))) {
      expect(commented).toContain(initLines.has(line) ? `\n${line}\n` : `# ${line}`);
    }
  });
});

describe('validateConfigText: budgets in dollars, caps and roles', () => {
  it('accepts the method’s role budgets, dollar caps and a per-task dollar default', () => {
    const text =
      'budgets:\n  usd: 2\n  usd_per_cycle: 20\n  usd_per_day: 50\n  roles:\n    frontend: { tokens: 180000 }\n    backend: { tokens: 280000, usd: 3 }\n';
    const result = validateConfigText(text, FILE);
    expect(result.problems).toEqual([]);
    expect(result.config?.budgets.roles.backend).toEqual({ tokens: 280000, usd: 3 });
  });

  it('says what to write for a bad cap, a bad role and a role without a budget', () => {
    expect(check('budgets:\n  usd_per_day: lots\n')).toEqual([
      '.grove/config.yaml:2: budgets.usd_per_day: expected a number, got the text "lots" — write e.g. `usd_per_day: 50`',
    ]);
    expect(check('budgets:\n  usd: 0\n')).toEqual([
      '.grove/config.yaml:2: budgets.usd: must be more than 0, got 0 — write e.g. `usd: 5`',
    ]);
    expect(check('budgets:\n  roles:\n    frontend: {}\n')).toEqual([
      '.grove/config.yaml:3: budgets.roles.frontend: role `frontend` gives no budget — write e.g. `frontend: {tokens: 180000}` or `frontend: {usd: 2}`',
    ]);
    expect(check('budgets:\n  roles:\n    frontend: { tokns: 5 }\n')).toEqual([
      '.grove/config.yaml:3: budgets.roles.frontend.tokns: unknown key `tokns`; did you mean `tokens`?',
    ]);
    expect(check('budgets:\n  roles:\n    frontend: { tokens: 1.5 }\n')).toEqual([
      '.grove/config.yaml:3: budgets.roles.frontend.tokens: expected a whole number, got number 1.5 — write e.g. `tokens: 180000`',
    ]);
  });
});

describe('validateConfigText, odd YAML', () => {
  it('refuses keys that are collections, without a runtime warning', () => {
    expect(check('wip: 3\n? [a, b]\n: 1\n')).toEqual([
      '.grove/config.yaml:2: a key must be a plain name, not a list or mapping — write `name: value`; quote a key that contains special characters',
    ]);
  });

  it('refuses alias bombs', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    expect(check(bomb)[0]).toMatch(
      /^\.grove\/config\.yaml:1: cannot read the YAML: .* — write plain values instead of aliases/,
    );
  });
});
