import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The scripted agent's memory between runs, in `<home>/scripted-agent/state.json`: how many times
 * each task has run (so a script can behave differently on run 2) and which sessions exist.
 */
const StateSchema = z.object({
  runs: z.record(z.string(), z.number().int().nonnegative()).default({}),
  sessions: z
    .record(z.string(), z.object({ task: z.string(), runs: z.number().int().nonnegative() }))
    .default({}),
});
type State = z.infer<typeof StateSchema>;

export interface RunRecord {
  /** 1 for the first run of this task, 2 for the next, ... (counted over all its sessions). */
  run: number;
  /** How many times this session had run before (0 for a new session). */
  sessionRunsBefore: number;
  stateDir: string;
}

export function stateDirOf(home: string): string {
  return join(home, 'scripted-agent');
}

function readState(file: string): State {
  try {
    const parsed = StateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : { runs: {}, sessions: {} };
  } catch {
    return { runs: {}, sessions: {} };
  }
}

/** Counts one more run of `task` in `session` and returns the new counts (atomic rename). */
export function recordRun(home: string, task: string, session: string, prompt: string): RunRecord {
  const dir = stateDirOf(home);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'state.json');
  const state = readState(file);
  const run = (state.runs[task] ?? 0) + 1;
  const sessionRunsBefore = state.sessions[session]?.runs ?? 0;
  state.runs[task] = run;
  state.sessions[session] = { task, runs: sessionRunsBefore + 1 };
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, file);
  writeFileSync(join(dir, `${safeName(task)}.run-${run}.prompt.txt`), prompt);
  return { run, sessionRunsBefore, stateDir: dir };
}

/** The counts as they are, without counting a run (a reflection turn): `run` is the last run's number. */
export function peekRun(home: string, task: string): RunRecord {
  const dir = stateDirOf(home);
  const state = readState(join(dir, 'state.json'));
  return { run: state.runs[task] ?? 0, sessionRunsBefore: 0, stateDir: dir };
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, '_');
}
