import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GroveError } from '../../shared/errors.js';
import type { ExitRecord, WrapperSpec } from './supervisor-spec.js';
import { ExitRecordSchema, GO_LINE, WrapperSpecSchema } from './supervisor-spec.js';
import { missingDir } from './run.js';

/** A wrapper that has started but not yet been told to run the agent (see attempt-wrapper.ts). */
export interface PendingWrapper {
  pid: number;
  /** Lets the agent start. Call only after the pid is stored. */
  go(): void;
  /** Makes the wrapper exit without starting the agent. */
  abort(): void;
}

/**
 * Starts the attempt wrapper detached (its own process group and session, not tied to grove's
 * terminal or life). The spec goes to `specPath`; the agent's environment is `env`. Nothing runs
 * until `go()`.
 */
export function spawnWrapper(input: {
  spec: WrapperSpec;
  specPath: string;
  env: Record<string, string>;
  /** The wrapper's own diagnostics (not the agent's output). */
  logPath: string;
}): PendingWrapper {
  const gone = missingDir(input.spec.cwd, 'the agent');
  if (gone) throw gone;
  mkdirSync(dirname(input.specPath), { recursive: true });
  writeFileSync(input.specPath, `${JSON.stringify(input.spec, null, 2)}\n`);
  const logFd = openSync(input.logPath, 'a');
  let child;
  try {
    child = spawn(process.execPath, [wrapperPath(), input.specPath], {
      cwd: input.spec.cwd,
      env: input.env,
      detached: true,
      stdio: ['pipe', 'ignore', logFd],
    });
  } finally {
    closeSync(logFd);
  }
  // Before anything can throw: an 'error' event with no listener would crash grove.
  child.on('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  const pid = child.pid;
  const stdin = child.stdin;
  if (pid === undefined || stdin === null) {
    throw new GroveError('INTERNAL', `could not start the attempt wrapper (${process.execPath})`, {
      hint: 'check that node can start processes here (ulimit -u, memory)',
    });
  }
  child.unref();
  return {
    pid,
    go: () => {
      stdin.end(GO_LINE);
    },
    abort: () => {
      stdin.end();
    },
  };
}

/** The exit record of an attempt, undefined while the agent runs (or if the wrapper died first). */
export function readExitRecord(exitPath: string): ExitRecord | undefined {
  // Looked for on every monitor pass while the agent runs: a missing file must cost no exception.
  if (!existsSync(exitPath)) return undefined;
  let text: string;
  try {
    text = readFileSync(exitPath, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = ExitRecordSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}

/** The spec an attempt's wrapper was started with, undefined when it is missing or unreadable. */
export function readWrapperSpec(specPath: string): WrapperSpec | undefined {
  try {
    const parsed = WrapperSpecSchema.safeParse(JSON.parse(readFileSync(specPath, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

let cachedWrapper: string | undefined;

/** dist/attempt-wrapper.js, found next to the running bundle or in a `dist/` above the source. */
export function wrapperPath(): string {
  if (cachedWrapper) return cachedWrapper;
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'attempt-wrapper.js')];
  for (let dir = here; ; dir = dirname(dir)) {
    candidates.push(join(dir, 'dist', 'attempt-wrapper.js'));
    if (dirname(dir) === dir) break;
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    throw new GroveError('INTERNAL', 'dist/attempt-wrapper.js is missing', {
      hint: 'run `npm run build` in the grove package',
    });
  }
  cachedWrapper = found;
  return found;
}
