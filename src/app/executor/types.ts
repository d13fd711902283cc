import type { ReadOptions, ReadResult, StreamFiles } from '../../infra/process/output-reader.js';
import type { RunOptions, RunResult } from '../../infra/process/run.js';
import type { ExitRecord, WrapperSpec } from '../../infra/process/supervisor-spec.js';

/**
 * The executor seam: everything grove does to a machine an agent runs on goes through one of these, so
 * nothing above it assumes the agent runs here. `local` (src/infra/executor/local.ts) is this machine;
 * `ssh` (src/infra/executor/ssh.ts) a named host. docs/EXECUTOR.md says what each method promises.
 *
 * Paths are grove's names for an attempt's files (under the project's state folder) and for worktrees;
 * an executor that runs elsewhere maps them to its own place. The follow methods (readLines .. watch)
 * are synchronous on purpose: one monitor pass reads every followed attempt without awaiting, and a
 * remote executor answers them from a local mirror it refreshes itself, telling grove through `watch`.
 */
export interface Executor {
  /** `local`, or `ssh:<host name>`: shown to people and stored with what ran where. */
  readonly name: string;

  /**
   * Starts the attempt wrapper detached (own session and process group, survives grove and a dropped
   * connection). First it removes what an earlier attempt of the same name left (the spec, the wrapper
   * log, the exit record, every segment of both output streams), so none of it is read as this one's. The wrapper
   * waits for `go()` before it starts the agent, so the caller can record the pid first.
   */
  startWrapper(launch: WrapperLaunch): Promise<StartedWrapper>;

  /**
   * Makes the executor's copy of a local worktree match it before an attempt starts there (a remote
   * executor: its clone, the commit, its worktree and branch). Absent: the agent runs in the worktree
   * itself. Rejects with what to fix (host unreachable, no git there) before anything is recorded.
   */
  prepareWorktree?(worktree: string): Promise<void>;
  /**
   * Where the executor keeps its copy of a local worktree (what `prepareWorktree` makes): the folder
   * the task's gates run in there. Absent: the worktree itself.
   */
  worktreePath?(worktree: string): string;

  /**
   * The complete lines of a segmented output stream after byte `offset` (see output-reader.ts).
   * Stateless: the same offset gives the same lines, so a reader resumes from any stored offset.
   */
  readLines(stream: StreamFiles, offset: number, options?: ReadOptions): ReadResult;
  /** The wrapper's exit record; undefined while the agent runs (or when the wrapper died first). */
  readExit(exitPath: string): ExitRecord | undefined;
  /** The wrapper spec written at start (undefined when it is not there or not readable). */
  readSpec(specPath: string): WrapperSpec | undefined;
  /** True when `pid` is alive and started at `processStart` (pid-reuse safe). */
  isAlive(pid: number, processStart: string): boolean;
  /**
   * Why `isAlive` reads this process dead without an exit record, when the executor can say more than
   * "it vanished" (a remote host that stopped answering, naming it). Absent or undefined: no more known.
   */
  lostReason?(pid: number, processStart: string): string | undefined;
  /** True while any process of group `pgid` is alive. */
  groupAlive(pgid: number): boolean;
  /** Sends `signal` to every process of group `pgid`; false when the group is gone. Idempotent. */
  signalGroup(pgid: number, signal: NodeJS.Signals): boolean;
  /**
   * Calls `onChange` (possibly often, possibly spuriously) when files in `dir` may have changed.
   * Undefined when it cannot watch: the caller's slow poll then sees everything. `onGone` is called
   * once if the watch breaks later (it is closed by then; the caller may watch again).
   */
  watch(dir: string, onChange: () => void, onGone?: () => void): ExecutorWatch | undefined;

  /** Runs `file` with arguments (never a shell) in `options.cwd` on the executor's machine. */
  run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult>;
  /** A text file on the executor's machine; undefined when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
}

export interface ExecutorWatch {
  close(): void;
}

export interface WrapperLaunch {
  spec: WrapperSpec;
  /** Where the spec is written (the wrapper reads it from there). */
  specPath: string;
  /** The agent's whole environment. */
  env: Record<string, string>;
  /** The wrapper's own diagnostics. */
  logPath: string;
}

export interface StartedWrapper {
  pid: number;
  /** The wrapper's start time (see liveness.ts); undefined when it exited at once. */
  processStart: string | undefined;
  /** Lets the agent start. Call only after the pid is stored. */
  go(): void;
  /** Makes the wrapper exit without starting the agent. */
  abort(): void;
}
