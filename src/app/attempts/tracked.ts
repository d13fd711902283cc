import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { AgentEvent } from '../../shared/agent-event.js';
import type { AgentAdapter } from '../../infra/agents/adapter.js';
import { getAdapter } from '../../infra/agents/registry.js';
import type { AttemptRow, AttemptStream } from '../../infra/db/attempt-store.js';
import type { StreamFiles } from '../../infra/process/output-reader.js';
import type { Executor } from '../executor/types.js';
import type { AttemptDeps } from './deps.js';
import type { AttemptFiles } from './files.js';
import { agentHomeDir, attemptFiles } from './files.js';
import { withLocalPaths } from './host-paths.js';

/** Why grove stopped an attempt; becomes its outcome. */
export const StopReasonSchema = z.enum(['killed', 'timeout', 'paused']);
export type StopReason = z.infer<typeof StopReasonSchema>;

/** Records a stop request next to the attempt's output (first writer wins). */
export function writeStopRequest(path: string, reason: StopReason, at: number): void {
  try {
    writeFileSync(path, `${JSON.stringify({ reason, at })}\n`, { flag: 'wx' });
  } catch {
    // already requested: the first reason stands
  }
}

/** The stop request recorded for an attempt, if any. */
export function readStopRequest(path: string): StopReason | undefined {
  try {
    const parsed = z.object({ reason: StopReasonSchema }).safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data.reason : undefined;
  } catch {
    return undefined;
  }
}

/** What a monitor knows about one attempt it follows. */
export interface TrackedAttempt {
  row: AttemptRow;
  /** Where it runs (the host recorded on its row, else this machine). */
  executor: Executor;
  adapter: AgentAdapter;
  files: AttemptFiles;
  streams: Record<AttemptStream, StreamFiles>;
  offsets: Record<AttemptStream, number>;
  parse: (line: string) => AgentEvent[];
  sawFinished: boolean;
  finishedOk: boolean | undefined;
  lastError: string | undefined;
  lastStderr: string | undefined;
  /** This monitor has seen the wrapper alive (so leftovers of its group are ours to kill). */
  seenAlive: boolean;
  stop: { reason: StopReason; killAt: number; killed: boolean } | undefined;
}

export function trackAttempt(deps: AttemptDeps, row: AttemptRow): TrackedAttempt {
  const adapter = getAdapter(row.adapter);
  const files = attemptFiles(row.log_dir, row.n);
  const executor = deps.executorFor(row.host);
  const segmentBytes = executor.readSpec(files.launch)?.segmentBytes ?? deps.config.attempts.output_cap;
  const stdout: StreamFiles = { path: files.stdout, segmentBytes };
  // Codex's parser reads the usage baseline prepareHome wrote in the agent's home (resumes report
  // the session's running total).
  const parsed = adapter.createParser({ homeDir: agentHomeDir(deps.paths.stateDir, row.task_id, row.agent) });
  const worktree = deps.tasks.get(row.task_id)?.worktree;
  const hostWorktree =
    worktree !== undefined && worktree !== null ? executor.worktreePath?.(worktree) : undefined;
  const parse =
    worktree && hostWorktree !== undefined ? withLocalPaths(parsed, hostWorktree, worktree) : parsed;
  replay(executor, stdout, row.stdout_offset, parse);
  // What earlier readers (before a restart) already saw, for classifying the exit.
  const finished = deps.agentEvents.latestOfKind(row.id, 'finished')?.event;
  const error = deps.agentEvents.latestOfKind(row.id, 'error')?.event;
  return {
    row,
    executor,
    adapter,
    files,
    streams: {
      stdout,
      stderr: { path: files.stderr, segmentBytes },
    },
    offsets: { stdout: row.stdout_offset, stderr: row.stderr_offset },
    parse,
    sawFinished: finished !== undefined,
    finishedOk: finished?.kind === 'finished' ? finished.ok : undefined,
    lastError: error?.kind === 'error' ? error.message : undefined,
    lastStderr: undefined,
    seenAlive: false,
    stop: undefined,
  };
}

/**
 * Feeds a fresh parser the lines an earlier grove process already stored (up to the stored offset),
 * discarding what it returns: parsers keep state (message ids counted, running usage sums), and after a
 * restart they must continue exactly as if nothing had happened, or usage would be counted twice.
 */
function replay(
  executor: Executor,
  stream: StreamFiles,
  storedOffset: number,
  parse: (line: string) => AgentEvent[],
): void {
  let pos = 0;
  while (pos < storedOffset) {
    const r = executor.readLines(stream, pos, { until: storedOffset, final: true });
    for (const line of r.lines) parse(line);
    if (r.offset <= pos) break;
    pos = r.offset;
  }
}

export interface PumpResult {
  /** More output is waiting beyond this batch. */
  more: boolean;
  /** Bytes rotation deleted before they were read. */
  skippedBytes: number;
}

/**
 * Reads one batch of new lines from one stream, parses stdout lines with the adapter's parser and
 * stores the events with the new offset in one transaction (compare-and-swap on the offset, so two
 * grove processes following the same attempt never store a line twice). stderr lines are kept only
 * as the last error text.
 */
export function pumpStream(
  deps: AttemptDeps,
  t: TrackedAttempt,
  stream: AttemptStream,
  options: { final?: boolean; maxBytes?: number } = {},
): PumpResult {
  const from = t.offsets[stream];
  const read = t.executor.readLines(t.streams[stream], from, {
    ...(options.final ? { final: true } : {}),
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
  });
  if (read.offset === from && read.lines.length === 0) return { more: false, skippedBytes: 0 };
  const events: AgentEvent[] = [];
  if (stream === 'stdout') {
    for (const line of read.lines) for (const e of t.parse(line)) events.push(e);
  } else {
    const last = read.lines.findLast((l) => l.trim() !== '');
    if (last !== undefined) t.lastStderr = last.slice(0, 2000);
  }
  const result = deps.attempts.ingest(t.row.id, stream, read.offset, events, { fromOffset: from });
  if (result.kind === 'stale') {
    // Someone else read this part already: continue from where they are.
    t.offsets[stream] = result.offset;
    return { more: true, skippedBytes: 0 };
  }
  t.offsets[stream] = read.offset;
  for (const e of events) {
    if (e.kind === 'finished') {
      t.sawFinished = true;
      t.finishedOk = e.ok;
    } else if (e.kind === 'error') t.lastError = e.message;
  }
  return { more: read.more, skippedBytes: read.skippedBytes };
}
