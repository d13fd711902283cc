// `grove task new <title>`: a task file from a template, with a safe id derived from the title.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { resolveAgent } from '../core/agents.js';
import { globProblem } from '../core/ownership.js';
import { GroveError } from '../shared/errors.js';
import { BEST_OF_MAX, TASK_ID_PATTERN } from '../shared/task-spec.js';
import { loadConfig, TASKS_DIR } from '../infra/spec/load.js';
import { ID_RULE, suggestId, validateTaskText } from '../infra/spec/validate-task.js';

export interface NewTaskOptions {
  title: string;
  id?: string;
  owns?: string[];
  dependsOn?: string[];
  agent?: string;
  /** Best-of-N: this many attempts in parallel (spec `attempts`). */
  bestOf?: number;
  /** The goal's text (default: the title as a sentence). */
  goal?: string;
}

const flow = (value: unknown): string =>
  stringify(value, { collectionStyle: 'flow', flowCollectionPadding: false }).trim();

export function renderTaskTemplate(id: string, options: NewTaskOptions): string {
  const owns = options.owns && options.owns.length > 0 ? options.owns : [`src/${id}/**`];
  const ownsComment = options.owns?.length ? '' : '  # TODO: the paths this task may change';
  return [
    '---',
    `id: ${id}`,
    `title: ${flow(options.title.trim())}`,
    `owns: ${flow(owns)}${ownsComment}`,
    'reads: []',
    `depends_on: ${flow(options.dependsOn ?? [])}`,
    options.agent ? `agent: ${flow(options.agent)}` : '# agent: claude',
    options.bestOf !== undefined
      ? `attempts: ${options.bestOf}  # best-of-N: attempts race, grove ranks them and keeps one`
      : '# attempts: 3  # best-of-N; with agents: [claude, codex, gemini] to race different agents',
    '# budget: { tokens: 500000 }',
    'accept: []  # commands that prove it done, e.g. ["npm test"]',
    'priority: 0',
    '---',
    '',
    '## Goal',
    '',
    options.goal ?? (/[.!?]$/.test(options.title.trim()) ? options.title.trim() : `${options.title.trim()}.`),
    '',
    '## Acceptance criteria',
    '',
    '- ',
    '',
  ].join('\n');
}

/** Writes `.grove/tasks/<id>.md`; returns the file (relative to the repository root) and the id. */
export async function createTask(
  mainRoot: string,
  options: NewTaskOptions,
): Promise<{ id: string; file: string }> {
  const config = await loadConfig(mainRoot);
  if (options.title.trim() === '')
    throw new GroveError('USAGE', 'the title is empty', { hint: 'grove task new "Add a login form"' });
  let id = options.id;
  if (id !== undefined) {
    if (!TASK_ID_PATTERN.test(id))
      throw new GroveError('USAGE', `"${id}" is not a valid task id: ${ID_RULE}`, {
        hint: `e.g. --id ${suggestId(id)}`,
      });
    if (existsSync(join(mainRoot, TASKS_DIR, `${id}.md`))) {
      throw new GroveError('USAGE', `${TASKS_DIR}/${id}.md already exists`, { hint: 'choose another --id' });
    }
  } else {
    const base = suggestId(options.title).slice(0, 56).replace(/-+$/, '');
    id = base;
    for (let n = 2; existsSync(join(mainRoot, TASKS_DIR, `${id}.md`)); n++) id = `${base}-${n}`;
  }
  for (const glob of options.owns ?? []) {
    const why = globProblem(glob);
    if (why) throw new GroveError('USAGE', `--owns "${glob}": ${why}`);
  }
  if (options.agent !== undefined) {
    const agent = resolveAgent(config, options.agent);
    if (agent.kind === 'unknown')
      throw new GroveError('USAGE', `unknown agent "${agent.name}"`, {
        hint: `use one of ${agent.known.join(', ')}`,
      });
  }
  if (
    options.bestOf !== undefined &&
    !(Number.isInteger(options.bestOf) && options.bestOf >= 2 && options.bestOf <= BEST_OF_MAX)
  ) {
    throw new GroveError(
      'USAGE',
      `--best-of ${options.bestOf}: give a whole number of attempts from 2 to ${BEST_OF_MAX}`,
      {
        hint: 'e.g. --best-of 3',
      },
    );
  }
  const file = `${TASKS_DIR}/${id}.md`;
  const text = renderTaskTemplate(id, options);
  const check = validateTaskText(text, file, config);
  if (check.problems.length > 0) {
    throw new GroveError(
      'INTERNAL',
      `the new task would be invalid: ${check.problems.map((p) => p.message).join('; ')}`,
    );
  }
  await mkdir(dirname(join(mainRoot, file)), { recursive: true });
  await writeFile(join(mainRoot, file), text, { flag: 'wx' });
  return { id, file };
}
