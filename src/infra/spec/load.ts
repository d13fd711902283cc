// Reads and validates `.grove/config.yaml` and `.grove/tasks/*.md` under the main checkout.
import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { expandBestOf } from '../../core/best-of/expand.js';
import { findCycles } from '../../core/plan/cycles.js';
import type { Config } from '../../shared/config.js';
import { ConfigSchema } from '../../shared/config.js';
import type { SpecProblem } from '../../shared/errors.js';
import { GroveError, formatProblem } from '../../shared/errors.js';
import type { TaskSpec } from '../../shared/task-spec.js';
import type { LoadedTask } from './project-rules.js';
import { checkProject } from './project-rules.js';
import { mapLimit } from '../fs/pool.js';
import { decodeSpecBytes, TASK_FILE_MAX_BYTES } from './file-bytes.js';
import { validateConfigText } from './validate-config.js';
import { validateTaskText } from './validate-task.js';
import { CONFIG_FILE, TASKS_DIR } from './load-paths.js';

export { CONFIG_FILE, GROVE_DIR, TASKS_DIR } from './load-paths.js';

export interface ProjectValidation {
  /** Undefined when the config has errors. */
  config?: Config;
  /** The tasks without errors of their own, sorted by id. */
  tasks: TaskSpec[];
  /** Every error and warning, sorted by file and line. */
  problems: SpecProblem[];
}

const notInitialised = (mainRoot: string): GroveError =>
  new GroveError('NOT_INITIALISED', `no ${CONFIG_FILE} in ${mainRoot}`, { hint: 'run `grove init` first' });

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Validates the config and every task file, collecting all problems (never throws for a bad file).
 * Throws NOT_INITIALISED when `.grove/config.yaml` does not exist.
 */
export async function validateProject(mainRoot: string): Promise<ProjectValidation> {
  return collect(mainRoot, { requireConfig: true });
}

/** Reads `.grove/config.yaml` under the main checkout; throws CONFIG_INVALID / NOT_INITIALISED. */
export async function loadConfig(mainRoot: string): Promise<Config> {
  const bytes = await readFile(join(mainRoot, CONFIG_FILE)).catch(() => {
    throw notInitialised(mainRoot);
  });
  return configFromBytes(bytes);
}

/** The config these bytes of `.grove/config.yaml` hold; throws CONFIG_INVALID as loadConfig does. */
export function configFromBytes(bytes: Buffer): Config {
  const decoded = decodeSpecBytes(bytes, CONFIG_FILE);
  if (decoded.kind === 'bad') throw invalid('CONFIG_INVALID', decoded.problems);
  const result = validateConfigText(decoded.text, CONFIG_FILE);
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (!result.config || errors.length > 0) throw invalid('CONFIG_INVALID', errors);
  return result.config;
}

/**
 * Reads every `.grove/tasks/*.md`; throws TASK_INVALID listing every error (CONFIG_INVALID when the
 * config they depend on is broken). Without a config file the defaults apply. `options.config`: the
 * config loadConfig returned (the tasks are checked against it; the file is not validated again).
 */
export async function loadTasks(mainRoot: string, options: { config?: Config } = {}): Promise<TaskSpec[]> {
  const result = await collect(mainRoot, { requireConfig: false, config: options.config });
  const errors = result.problems.filter((p) => p.severity === 'error');
  const configErrors = errors.filter((p) => p.file === CONFIG_FILE);
  if (configErrors.length > 0) throw invalid('CONFIG_INVALID', configErrors);
  if (errors.length > 0) throw invalid('TASK_INVALID', errors);
  return result.tasks;
}

function invalid(code: 'CONFIG_INVALID' | 'TASK_INVALID', errors: readonly SpecProblem[]): GroveError {
  const what = code === 'CONFIG_INVALID' ? CONFIG_FILE : 'the task files';
  return new GroveError(
    code,
    `${what}: ${errors.length} problem${errors.length === 1 ? '' : 's'}\n${errors.map(formatProblem).join('\n')}`,
    {
      hint: 'fix the lines above; `grove plan` shows every problem',
    },
  );
}

async function collect(
  mainRoot: string,
  options: { requireConfig: boolean; config?: Config },
): Promise<ProjectValidation> {
  const problems: SpecProblem[] = [];
  let config: Config | undefined = options.config;
  let agentsForTasks: Pick<Config, 'agents'> & Partial<Pick<Config, 'default_agent' | 'review'>> = {
    agents: {},
  };
  // A config already validated (loadConfig's) is used as it is: its file is not read again.
  const configBytes = config ? undefined : await readFile(join(mainRoot, CONFIG_FILE)).catch(() => undefined);
  const configText = configBytes && decodeSpecBytes(configBytes, CONFIG_FILE);
  if (config) {
    agentsForTasks = config;
  } else if (configText === undefined) {
    if (options.requireConfig) throw notInitialised(mainRoot);
    config = ConfigSchema.parse({});
  } else if (configText.kind === 'bad') {
    problems.push(...configText.problems);
  } else {
    const result = validateConfigText(configText.text, CONFIG_FILE);
    problems.push(...result.problems);
    config = result.config;
    // With a broken config, still check task agents against the agents it declares, if those parse.
    const agents = ConfigSchema.shape.agents.safeParse(
      (result.source.value as { agents?: unknown } | null)?.agents,
    );
    agentsForTasks = config ?? { agents: agents.success ? agents.data : {} };
  }

  const loaded: LoadedTask[] = [];
  const brokenIds = new Set<string>();
  const entries = await listTaskFiles(mainRoot, problems);
  // Read side by side (16 at a time), checked one after another in name order.
  const read = await mapLimit(entries, 16, (entry) =>
    readFile(join(mainRoot, TASKS_DIR, entry)).then(
      (bytes) => ({ bytes, error: undefined }),
      (error: unknown) => ({ bytes: undefined, error }),
    ),
  );
  for (const [k, entry] of entries.entries()) {
    const file = `${TASKS_DIR}/${entry}`;
    const { bytes, error } = read[k]!;
    if (bytes === undefined) problems.push(unreadable(file, error));
    const decoded = bytes && decodeSpecBytes(bytes, file, { maxBytes: TASK_FILE_MAX_BYTES });
    if (decoded?.kind !== 'ok') {
      if (decoded) problems.push(...decoded.problems);
      brokenIds.add(entry.replace(/\.md$/, ''));
      continue;
    }
    const result = validateTaskText(decoded.text, file, agentsForTasks);
    problems.push(...result.problems);
    if (result.task && result.source) loaded.push({ task: result.task, source: result.source });
    else brokenIds.add(entry.replace(/\.md$/, ''));
  }
  const project = checkProject(loaded, { brokenIds, runOverlapping: config?.run_overlapping === true });
  problems.push(...project.errors, ...project.warnings);
  // A task with a project-level error, or caught in a dependency cycle, is not part of the plan.
  const badFiles = new Set(project.errors.map((p) => p.file));
  const inCycle = new Set(findCycles(loaded.map((l) => l.task)).flat());
  // A best-of task file stands for its attempts, one task each (src/core/best-of/expand.ts).
  const tasks = expandBestOf(
    loaded.map((l) => l.task).filter((t) => !badFiles.has(t.file) && !inCycle.has(t.id)),
  );
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { config, tasks, problems };
}

function unreadable(file: string, error: unknown): SpecProblem {
  const code = (error as { code?: string }).code;
  const why =
    code === 'ENOTDIR'
      ? 'is not a folder'
      : code === 'EACCES'
        ? 'is not readable (permission denied)'
        : `cannot be read (${code ?? String(error)})`;
  return {
    file,
    line: 1,
    field: '',
    message: `${file} ${why}`,
    hint: 'task files live in the folder .grove/tasks/',
    severity: 'error',
  };
}

/** Names of the task files to read; symlinks out of the repository and non-Markdown files are reported. */
async function listTaskFiles(mainRoot: string, problems: SpecProblem[]): Promise<string[]> {
  const dir = join(mainRoot, TASKS_DIR);
  if (!(await exists(dir))) return [];
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    problems.push(unreadable(TASKS_DIR, error));
    return [];
  }
  const realRoot = await realpath(mainRoot);
  const names: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const file = `${TASKS_DIR}/${e.name}`;
    const problem = (message: string, hint: string, severity: SpecProblem['severity']): void => {
      problems.push({ file, line: 1, field: '', message, hint, severity });
    };
    if (!e.name.endsWith('.md')) {
      if (e.isFile())
        problem(
          'ignored: task files end in `.md`',
          `rename it to ${e.name.replace(/\.[^.]*$/, '')}.md if it is a task`,
          'warning',
        );
      continue;
    }
    if (e.isSymbolicLink()) {
      const target = await realpath(join(dir, e.name)).catch(() => undefined);
      if (!target) {
        problem(
          'a symlink to a file that does not exist',
          'replace the link with the task file itself',
          'error',
        );
        continue;
      }
      const rel = relative(realRoot, target);
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
        problem(
          `a symlink to ${target}, outside the repository`,
          'task files must live in the repository; copy the file here instead of linking it',
          'error',
        );
        continue;
      }
      if (!(await stat(target)).isFile()) continue;
    } else if (!e.isFile()) {
      continue;
    }
    names.push(e.name);
  }
  return names;
}
