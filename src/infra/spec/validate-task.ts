// One `.grove/tasks/<id>.md`: front matter → schema → normalise → per-file rules. Pure.
import { ANY_HOST } from '../../core/scheduler/hosts.js';
import { agentNames } from '../../core/agents.js';
import { globProblem, normaliseGlob } from '../../core/ownership.js';
import type { Config } from '../../shared/config.js';
import type { SpecProblem } from '../../shared/errors.js';
import type { TaskSpec } from '../../shared/task-spec.js';
import { TASK_ID_PATTERN, TaskFrontMatterSchema } from '../../shared/task-spec.js';
import { TASK_DOCS } from './field-docs.js';
import { splitFrontMatter } from './front-matter.js';
import { taskJsonSchema } from './json-schema.js';
import { nearest } from './nearest.js';
import { attemptCount, attemptId } from '../../core/best-of/expand.js';
import type { YamlSource } from './yaml-source.js';
import { parseYamlSource } from './yaml-source.js';
import { zodProblems } from './zod-problems.js';

export interface TaskValidation {
  task?: TaskSpec;
  problems: SpecProblem[];
  source?: YamlSource;
}

export const ID_RULE =
  'a task id is 1–63 lowercase letters, digits and dashes, starting with a letter or digit (it becomes a branch and folder name)';

/** `file` is relative to the repository root, e.g. `.grove/tasks/add-login.md`. */
export function validateTaskText(
  text: string,
  file: string,
  config: Pick<Config, 'agents'> &
    Partial<Pick<Config, 'default_agent' | 'review' | 'hosts'>> & {
      budgets?: Pick<Config['budgets'], 'roles'>;
    },
): TaskValidation {
  const problem = (line: number, field: string, message: string, hint?: string): SpecProblem => ({
    file,
    line,
    field,
    message,
    hint,
    severity: 'error',
  });
  const split = splitFrontMatter(text);
  if (split.kind === 'missing') {
    return {
      problems: [
        problem(
          1,
          '',
          'no YAML front matter',
          'start the file with a `---` line, the keys (id, title, owns, …), then another `---` line',
        ),
      ],
    };
  }
  if (split.kind === 'unterminated') {
    return {
      problems: [
        problem(
          1,
          '',
          'the front matter has no closing `---` line',
          'end the keys with a line containing only `---`',
        ),
      ],
    };
  }
  const source = parseYamlSource(split.yaml, file, split.yamlStartLine);
  if (source.problems.length > 0) return { problems: source.problems, source };
  const raw = source.value;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      problems: [
        problem(
          split.yamlStartLine,
          '',
          'the front matter must be a mapping of keys (id, title, owns, …)',
          'see `.grove/tasks/example.md` from `grove init`',
        ),
      ],
      source,
    };
  }
  const parsed = TaskFrontMatterSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      problems: zodProblems(parsed.error.issues, { file, source, schema: taskJsonSchema(), docs: TASK_DOCS }),
      source,
    };
  }
  const fm = parsed.data;
  const task: TaskSpec = {
    ...fm,
    title: fm.title.trim(),
    owns: [...new Set(fm.owns.map(normaliseGlob))],
    reads: [...new Set(fm.reads.map(normaliseGlob))],
    depends_on: [...new Set(fm.depends_on.map((d) => d.trim()))],
    body: split.body,
    file,
  };

  const errors: SpecProblem[] = [];
  const fileId = (file.split('/').at(-1) ?? file).replace(/\.md$/, '');
  if (!TASK_ID_PATTERN.test(fileId)) {
    errors.push(
      problem(
        1,
        '',
        `the file name \`${fileId}.md\` is not a valid task id`,
        `${ID_RULE}; rename the file, e.g. \`${suggestId(fileId)}.md\``,
      ),
    );
  } else if (fm.id !== fileId) {
    errors.push(
      problem(
        source.lineOf(['id']),
        'id',
        `id \`${fm.id}\` differs from the file name \`${fileId}.md\``,
        `write \`id: ${fileId}\` or rename the file to \`${fm.id}.md\``,
      ),
    );
  }
  for (const key of ['owns', 'reads'] as const) {
    fm[key].forEach((glob, i) => {
      const why = globProblem(glob);
      if (why) errors.push(problem(source.lineOf([key, i]), `${key}[${i}]`, `\`${glob}\`: ${why}`));
    });
  }
  fm.depends_on.forEach((dep, i) => {
    if (dep.trim() === fm.id) {
      errors.push(
        problem(
          source.lineOf(['depends_on', i]),
          `depends_on[${i}]`,
          'a task cannot depend on itself',
          'remove it from depends_on',
        ),
      );
    }
  });
  if (fm.agent !== undefined) {
    const known = agentNames(config);
    if (!known.includes(fm.agent)) {
      const guess = nearest(fm.agent, known);
      errors.push(
        problem(
          source.lineOf(['agent']),
          'agent',
          `unknown agent \`${fm.agent}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
          `use one of ${known.join(', ')}, or define it under \`agents\` in .grove/config.yaml`,
        ),
      );
    }
  }
  (fm.agents ?? []).forEach((name, i) => {
    const known = agentNames(config);
    if (known.includes(name)) return;
    const guess = nearest(name, known);
    errors.push(
      problem(
        source.lineOf(['agents', i]),
        `agents[${i}]`,
        `unknown agent \`${name}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
        `use one of ${known.join(', ')}, or define it under \`agents\` in .grove/config.yaml`,
      ),
    );
  });
  const anyHost = fm.host === ANY_HOST && Object.keys(config.hosts ?? {}).length > 0;
  if (
    fm.host !== undefined &&
    config.hosts !== undefined &&
    !anyHost &&
    !Object.hasOwn(config.hosts, fm.host)
  ) {
    const known = Object.keys(config.hosts).sort();
    errors.push(
      problem(
        source.lineOf(['host']),
        'host',
        fm.host === ANY_HOST
          ? '`host: any` spreads tasks over config `hosts`, and there are none'
          : `unknown host \`${fm.host}\``,
        fm.host === ANY_HOST
          ? 'add a host under `hosts` in .grove/config.yaml (ssh, root), then run `grove hosts check`; or drop `host: any` to run here'
          : known.length > 0
            ? `use one of ${known.join(', ')}, or add it under \`hosts\` in .grove/config.yaml`
            : 'add it under `hosts` in .grove/config.yaml (ssh, root), then run `grove hosts check`',
      ),
    );
  }
  const bestOf = bestOfProblem(fm);
  if (bestOf) errors.push(problem(source.lineOf([bestOf.field]), bestOf.field, bestOf.message, bestOf.hint));
  if (fm.role !== undefined && config.budgets !== undefined) {
    const roles = Object.keys(config.budgets.roles);
    if (!roles.includes(fm.role)) {
      const guess = nearest(fm.role, roles);
      errors.push(
        problem(
          source.lineOf(['role']),
          'role',
          `unknown role \`${fm.role}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
          roles.length > 0
            ? `use one of ${roles.join(', ')}, or add it under \`budgets.roles\` in .grove/config.yaml`
            : `add it under \`budgets.roles\` in .grove/config.yaml, e.g. \`${fm.role}: {tokens: 180000}\``,
        ),
      );
    }
  }
  const planProblem = agentPlanProblem(fm, config);
  if (planProblem) {
    const line = source.lineOf([
      fm.agent_plan !== undefined ? 'agent_plan' : fm.agent !== undefined ? 'agent' : 'id',
    ]);
    errors.push(problem(line, planProblem.field, planProblem.message, planProblem.hint));
  }
  return { task: errors.length === 0 ? task : undefined, problems: errors, source };
}

/** A best-of task's attempts must have ids that are valid task ids, and `agents` must fit `attempts`. */
function bestOfProblem(fm: {
  id: string;
  attempts?: number | undefined;
  agents?: string[] | undefined;
}): { field: string; message: string; hint: string } | undefined {
  const n = attemptCount(fm);
  if (n > 1 && !TASK_ID_PATTERN.test(attemptId(fm.id, n))) {
    return {
      field: 'id',
      message: `the attempts of a best-of task are named \`${attemptId(fm.id, n)}\`, which is longer than a task id may be`,
      hint: 'shorten the id (at most 58 characters for a best-of task)',
    };
  }
  if (fm.attempts !== undefined && fm.agents !== undefined && fm.agents.length > fm.attempts) {
    return {
      field: 'agents',
      message: `\`agents\` names ${fm.agents.length} agents but \`attempts\` is ${fm.attempts}`,
      hint: `set \`attempts: ${fm.agents.length}\`, or name at most ${fm.attempts} agents`,
    };
  }
  return undefined;
}

/** A `command` agent has no plan-only mode: `agent_plan` (the task's or config's) cannot apply to it. */
function agentPlanProblem(
  fm: { agent?: string | undefined; agent_plan?: boolean | undefined },
  config: Pick<Config, 'agents'> & Partial<Pick<Config, 'default_agent' | 'review'>>,
): { field: string; message: string; hint: string } | undefined {
  if (!(fm.agent_plan ?? config.review?.agent_plan ?? false)) return undefined;
  const name = fm.agent ?? config.default_agent;
  if (name === undefined || config.agents[name]?.adapter !== 'command') return undefined;
  const from =
    fm.agent_plan !== undefined ? 'this task sets `agent_plan: true`' : 'config `review.agent_plan` is true';
  return {
    field: fm.agent_plan !== undefined ? 'agent_plan' : 'agent',
    message: `${from}, but agent \`${name}\` (adapter command) cannot write an agent plan: a plain command has no plan-only mode`,
    hint: 'set `agent_plan: false` in this task, or give it a claude, codex, gemini or scripted agent',
  };
}

/** A valid id close to `name`: lowercase, runs of other characters turned into one dash. */
export function suggestId(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return id || 'task';
}
