// `.grove/config.yaml`: parse → schema → rules. Pure: text in, config and problems out.
import { agentNames } from '../../core/agents.js';
import type { Config } from '../../shared/config.js';
import { ConfigSchema } from '../../shared/config.js';
import type { SpecProblem } from '../../shared/errors.js';
import { CONFIG_DOCS } from './field-docs.js';
import { configJsonSchema } from './json-schema.js';
import { nearest } from './nearest.js';
import type { RuleResult } from './rules.js';
import { mergeResults, problems } from './rules.js';
import type { YamlSource } from './yaml-source.js';
import { parseYamlSource } from './yaml-source.js';
import { zodProblems } from './zod-problems.js';

export interface ConfigValidation {
  config?: Config;
  problems: SpecProblem[];
  source: YamlSource;
}

const GATE_NAME = /^[a-z][a-z0-9_-]*$/;

export function validateConfigText(text: string, file: string): ConfigValidation {
  const source = parseYamlSource(text, file);
  if (source.problems.length > 0) return { problems: source.problems, source };
  const raw = source.value ?? {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const problem: SpecProblem = {
      file,
      line: 1,
      field: '',
      message: `the config must be a mapping of keys (like \`wip: 3\`), got ${Array.isArray(raw) ? 'a list' : 'a single value'}`,
      hint: 'run `grove init --force` for a commented example',
      severity: 'error',
    };
    return { problems: [problem], source };
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      problems: zodProblems(parsed.error.issues, {
        file,
        source,
        schema: configJsonSchema(),
        docs: CONFIG_DOCS,
      }),
      source,
    };
  }
  const config = parsed.data;
  const result = mergeResults(CONFIG_RULES.map((rule) => rule(config, { file, source })));
  return { config: result.errors.length === 0 ? config : undefined, problems: problems(result), source };
}

interface RuleInput {
  file: string;
  source: YamlSource;
}
type ConfigRule = (config: Config, where: RuleInput) => RuleResult;

const at = (where: RuleInput, path: PropertyKey[], message: string, hint?: string): SpecProblem => ({
  file: where.file,
  line: where.source.lineOf(path),
  field: path.map(String).join('.'),
  message,
  hint,
  severity: 'error',
});

const portsInOrder: ConfigRule = (config, where) => ({
  errors:
    config.ports.from <= config.ports.to
      ? []
      : [
          at(
            where,
            ['ports', 'from'],
            `ports.from (${config.ports.from}) is above ports.to (${config.ports.to})`,
            'write the lower port in `from` and the higher in `to`',
          ),
        ],
  warnings: [],
});

function unknownAgent(where: RuleInput, path: PropertyKey[], name: string, config: Config): SpecProblem {
  const known = agentNames(config);
  const guess = nearest(name, known);
  return at(
    where,
    path,
    `unknown agent \`${name}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
    `use one of ${known.join(', ')}, or define it under \`agents\``,
  );
}

const agentsExist: ConfigRule = (config, where) => {
  const known = new Set(agentNames(config));
  const errors: SpecProblem[] = [];
  if (!known.has(config.default_agent))
    errors.push(unknownAgent(where, ['default_agent'], config.default_agent, config));
  const fallback = config.stuck.fallback_agent;
  if (fallback !== undefined && !known.has(fallback))
    errors.push(unknownAgent(where, ['stuck', 'fallback_agent'], fallback, config));
  return { errors, warnings: [] };
};

/** `queue.test: <word>` names a gate; a one-word command is written as a list (`[make]`). */
const queueTestGate: ConfigRule = (config, where) => {
  const test = config.queue.test;
  if (typeof test !== 'string' || !GATE_NAME.test(test) || Object.hasOwn(config.gates, test)) {
    return { errors: [], warnings: [] };
  }
  const gates = Object.keys(config.gates);
  const guess = nearest(test, gates);
  return {
    errors: [
      at(
        where,
        ['queue', 'test'],
        `queue.test names the gate \`${test}\`, but there is no such gate${guess ? `; did you mean \`${guess}\`?` : ''}`,
        gates.length > 0
          ? `use one of the gates (${gates.join(', ')}), or write a command as a list, e.g. \`test: [${test}]\``
          : `define \`gates: {${test}: <command>}\`, or write a command as a list, e.g. \`test: [${test}]\``,
      ),
    ],
    warnings: [],
  };
};

/** A role in `budgets.roles` gives a budget: `tokens`, `usd` or both. */
const rolesGiveBudgets: ConfigRule = (config, where) => ({
  errors: Object.entries(config.budgets.roles)
    .filter(([, r]) => r.tokens === undefined && r.usd === undefined)
    .map(([name]) =>
      at(
        where,
        ['budgets', 'roles', name],
        `role \`${name}\` gives no budget`,
        `write e.g. \`${name}: {tokens: 180000}\` or \`${name}: {usd: 2}\``,
      ),
    ),
  warnings: [],
});

export const CONFIG_RULES: readonly ConfigRule[] = [
  portsInOrder,
  agentsExist,
  queueTestGate,
  rolesGiveBudgets,
];
