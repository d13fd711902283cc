import type { AgentEvent } from '../../shared/agent-event.js';
import type { AdapterKind, AgentDefinition } from '../../shared/config.js';

/** What an adapter needs to start one attempt. */
export interface LaunchInput {
  agent: AgentDefinition;
  /** Name of the agent in config (for messages). */
  agentName: string;
  prompt: string;
  worktree: string;
  repoRoot: string;
  /** Set when continuing an earlier session (fix loop, resume after pause). */
  resumeSessionId?: string;
  /** A fresh session id the adapter may pre-assign (Claude's --session-id). */
  newSessionId: string;
  /** GROVE_TASK_ID, GROVE_WORKTREE, GROVE_REPO_ROOT, GROVE_BRANCH, GROVE_PORT. */
  groveEnv: Record<string, string>;
  /** A private folder for this agent's config home (seeded for non-interactive use). */
  homeDir: string;
  /**
   * A plan turn (`agent_plan`): the agent may read but not edit; its final message is its plan. Only
   * for adapters with `planTurn`; grove also checks the worktree is unchanged afterwards.
   */
  planOnly?: boolean;
  /**
   * The reflection turn at the end of a task (config `compound.reflect`): a read-only `planOnly` turn in
   * the resumed session whose answer is one lesson for the next agent. The real CLIs need nothing more
   * than their plan mode; the scripted agent answers it from its script's `reflect` (`--reflect`).
   */
  reflection?: boolean;
}

/** How to start the process: argument array, environment, and what stdin gets. */
export interface Launch {
  file: string;
  args: string[];
  env: Record<string, string>;
  /** 'closed': stdin is /dev/null; a string: written to stdin, then closed. */
  stdin: 'closed' | { text: string };
}

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  /** Whether a `finished` event was parsed from the output. */
  sawFinished: boolean;
  finishedOk: boolean | undefined;
  lastError: string | undefined;
}

/**
 * What a parser may need beyond the lines: the attempt's `LaunchInput.homeDir`. Pass it when creating
 * the parser for an attempt (also when re-adopting one after a restart). Codex needs it: `exec resume`
 * reports the session's usage since it began, and the parser subtracts the total recorded before the run.
 */
export interface ParserContext {
  homeDir: string;
}

export type ExitClass =
  { kind: 'completed' } | { kind: 'failed'; reason: string } | { kind: 'killed'; signal: string };

/**
 * One per agent CLI. `createParser` returns a fresh, stateful line parser for one attempt (it may
 * remember message ids, open tool calls, ...). Parsers never throw: a line they do not understand
 * yields no events (or an `error` event when it is clearly an error).
 */
export interface AgentAdapter {
  kind: AdapterKind;
  /** Default executable name when the agent definition names none. */
  defaultBin: string;
  /**
   * How the program tells its version (`grove agents`), when it is a CLI known to have such a flag.
   * Absent for the command adapter: its program may be any script, which `--version` would just run.
   */
  versionArgs?: readonly string[];
  /**
   * How the CLI is kept from editing in a plan turn (`LaunchInput.planOnly`), for messages and docs;
   * absent when the adapter cannot run one (the task is refused before it starts).
   */
  planTurn?: string;
  prepareHome?(input: LaunchInput): Promise<void>;
  buildLaunch(input: LaunchInput): Launch;
  createParser(context?: ParserContext): (line: string) => AgentEvent[];
  classifyExit(exit: ExitInfo): ExitClass;
  /** The command a person runs to attach to the session in its worktree ("open in terminal"). */
  attachCommand(sessionId: string | undefined, agent: AgentDefinition): string[] | undefined;
}
