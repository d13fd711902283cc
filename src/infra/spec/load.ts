// MINIMAL loader (placeholder signatures): the spec helper replaces the internals with file:line errors,
// nearest-key suggestions, normalisation and rule checks. Keep the exported signatures.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Config } from '../../shared/config.js';
import { ConfigSchema } from '../../shared/config.js';
import { GroveError } from '../../shared/errors.js';
import type { TaskSpec } from '../../shared/task-spec.js';
import { TaskFrontMatterSchema } from '../../shared/task-spec.js';

export const GROVE_DIR = '.grove';
export const CONFIG_FILE = '.grove/config.yaml';
export const TASKS_DIR = '.grove/tasks';

/** Reads `.grove/config.yaml` under the main checkout; throws CONFIG_INVALID / NOT_INITIALISED. */
export async function loadConfig(mainRoot: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(join(mainRoot, CONFIG_FILE), 'utf8');
  } catch {
    throw new GroveError('NOT_INITIALISED', `no ${CONFIG_FILE} in ${mainRoot}`, {
      hint: 'run `grove init` first',
    });
  }
  const result = ConfigSchema.safeParse(parseYaml(text) ?? {});
  if (!result.success) throw new GroveError('CONFIG_INVALID', `${CONFIG_FILE}: ${result.error.message}`);
  return result.data;
}

/** Reads every `.grove/tasks/*.md`; throws TASK_INVALID. */
export async function loadTasks(mainRoot: string): Promise<TaskSpec[]> {
  const dir = join(mainRoot, TASKS_DIR);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.md')).sort();
  const tasks: TaskSpec[] = [];
  for (const name of names) {
    const file = `${TASKS_DIR}/${name}`;
    const text = await readFile(join(mainRoot, file), 'utf8');
    const m = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
    if (!m) throw new GroveError('TASK_INVALID', `${file}:1: missing YAML front matter between --- lines`);
    const fm = TaskFrontMatterSchema.safeParse(parseYaml(m[1] ?? ''));
    if (!fm.success) throw new GroveError('TASK_INVALID', `${file}: ${fm.error.message}`);
    tasks.push({ ...fm.data, body: m[2] ?? '', file });
  }
  return tasks;
}
