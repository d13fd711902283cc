// `grove init`: writes `.grove/config.yaml` (every key, commented) and an example task, creates
// AGENTS.md with its four sections when the repository has none, and imports it from CLAUDE.md.
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureClaudeImport } from '../core/learnings/agents-md.js';
import { GroveError } from '../shared/errors.js';
import { renderConfigTemplate } from '../infra/spec/config-template.js';
import { CONFIG_FILE, TASKS_DIR } from '../infra/spec/load.js';

export const EXAMPLE_TASK_FILE = `${TASKS_DIR}/example.md`;

export const EXAMPLE_TASK = `---
# yaml-language-server: $schema=SCHEMA
# A task: one unit of work for one agent. Rename the file and its id together (the id is the file name).
id: example
title: Write a short CONTRIBUTING guide
# Paths this task may change (globs); changes elsewhere fail the ownership gate.
owns: [CONTRIBUTING.md]
# Paths the agent should read first.
reads: [README.md]
# Tasks that must be merged before this one starts.
depends_on: []
# Which agent works on it (default: config default_agent). Built in: claude, codex, gemini, scripted.
# agent: claude
# budget: { tokens: 500000 }
# Commands that prove it done, run in the task's worktree.
accept: ["test -s CONTRIBUTING.md"]
priority: 0
---

## Goal

Add a CONTRIBUTING.md that tells a newcomer how to set up the project, run the tests and propose a change.

## Acceptance criteria

- CONTRIBUTING.md exists and names the command that runs the tests.
- No other file changes.
`;

export const AGENTS_MD = `# AGENTS.md

What every coding agent working in this repository should know. grove proposes entries after each
cycle; a person accepts, edits or rejects them. Agents read this file and never edit it.

## STYLE

## GOTCHAS

## ARCH_DECISIONS

## TEST_STRATEGY
`;

export interface InitResult {
  written: string[];
  skipped: Array<{ file: string; reason: string }>;
}

/**
 * This grove installation's JSON Schema file, for the `$schema` comment in the files init writes, as a
 * path relative to `.grove/`. Those files are committed and shared, so the reference is given only when
 * grove is installed inside the repository (node_modules); otherwise undefined and the comment is left
 * out: an absolute path, or a relative one climbing out of the repository, names this machine's folders.
 */
export function schemaRef(mainRoot: string, name: 'config' | 'task'): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'schema', `${name}.schema.json`);
    if (existsSync(candidate)) return insideRepo(mainRoot, candidate);
    dir = dirname(dir);
  }
  return undefined;
}

/** `file` relative to `<mainRoot>/.grove` with forward slashes, or undefined when it is outside mainRoot. */
function insideRepo(mainRoot: string, file: string): string | undefined {
  const fromRoot = relative(realOrSame(mainRoot), realOrSame(file));
  if (fromRoot === '' || isAbsolute(fromRoot) || fromRoot === '..' || fromRoot.startsWith(`..${sep}`))
    return undefined;
  return relative(join(realOrSame(mainRoot), '.grove'), realOrSame(file))
    .split(sep)
    .join('/');
}

function realOrSame(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export async function initProject(mainRoot: string, options: { force?: boolean } = {}): Promise<InitResult> {
  const targets = [CONFIG_FILE, EXAMPLE_TASK_FILE];
  const existing = targets.filter((f) => existsSync(join(mainRoot, f)));
  if (existing.length > 0 && !options.force) {
    throw new GroveError(
      'USAGE',
      `${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}; grove init changed nothing`,
      {
        hint: 'run `grove plan` to check them, or `grove init --force` to overwrite them with fresh templates',
      },
    );
  }
  const result: InitResult = { written: [], skipped: [] };
  const write = async (file: string, text: string): Promise<void> => {
    await mkdir(dirname(join(mainRoot, file)), { recursive: true });
    await writeFile(join(mainRoot, file), text);
    result.written.push(file);
  };
  const configRef = schemaRef(mainRoot, 'config');
  await write(CONFIG_FILE, renderConfigTemplate({ schemaRef: configRef }));
  const taskRef = schemaRef(mainRoot, 'task');
  await write(
    EXAMPLE_TASK_FILE,
    taskRef
      ? EXAMPLE_TASK.replace('SCHEMA', taskRef)
      : EXAMPLE_TASK.replace(/^# yaml-language-server.*\n/m, ''),
  );

  if (existsSync(join(mainRoot, 'AGENTS.md')))
    result.skipped.push({ file: 'AGENTS.md', reason: 'exists; left as it is' });
  else await write('AGENTS.md', AGENTS_MD);

  const claudePath = join(mainRoot, 'CLAUDE.md');
  if (existsSync(claudePath)) {
    const claude = ensureClaudeImport(await readFile(claudePath, 'utf8'));
    if (claude.changed) {
      await writeFile(claudePath, claude.text);
      result.written.push('CLAUDE.md (added the @AGENTS.md import)');
    } else {
      result.skipped.push({ file: 'CLAUDE.md', reason: 'already imports AGENTS.md' });
    }
  }
  return result;
}
