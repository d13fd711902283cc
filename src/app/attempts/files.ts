import { join } from 'node:path';

/** The files of one attempt under `<stateDir>/logs/<task>/`, named by the attempt's number. */
export interface AttemptFiles {
  stdout: string;
  stderr: string;
  exit: string;
  /** The wrapper's spec (what runs, where output goes, the segment size). */
  launch: string;
  /** The wrapper's own diagnostics. */
  wrapperLog: string;
  /** Written by whoever stops the attempt ({reason, at}), so every grove process records the same outcome. */
  stop: string;
}

export function taskLogDir(stateDir: string, taskId: string): string {
  return join(stateDir, 'logs', taskId);
}

export function attemptFiles(logDir: string, n: number): AttemptFiles {
  const base = join(logDir, String(n));
  return {
    stdout: `${base}.stdout`,
    stderr: `${base}.stderr`,
    exit: `${base}.exit.json`,
    launch: `${base}.launch.json`,
    wrapperLog: `${base}.wrapper.log`,
    stop: `${base}.stop.json`,
  };
}

/** A private config home per task and agent, kept across attempts so a session can be resumed. */
export function agentHomeDir(stateDir: string, taskId: string, agentName: string): string {
  return join(stateDir, 'homes', taskId, agentName);
}
