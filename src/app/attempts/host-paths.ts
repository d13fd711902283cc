// An agent on an SSH host names files by the host's copy of the worktree (`<root>/worktrees/<name>`).
// grove stores them as this machine's worktree paths, so the ownership watch, the review and the
// learning loop read a host's tool calls exactly like a local agent's.
import type { AgentEvent } from '../../shared/agent-event.js';

/** `file` with the folder `from` replaced by `to` (other paths unchanged). */
export function movePath(file: string, from: string, to: string): string {
  if (file === from) return to;
  return file.startsWith(`${from}/`) ? to + file.slice(from.length) : file;
}

/** The parser's events with tool-call paths in the host's worktree moved to the local worktree. */
export function withLocalPaths(
  parse: (line: string) => AgentEvent[],
  hostWorktree: string,
  localWorktree: string,
): (line: string) => AgentEvent[] {
  if (hostWorktree === localWorktree) return parse;
  return (line) =>
    parse(line).map((e) =>
      e.kind === 'tool_call'
        ? { ...e, files: e.files.map((f) => movePath(f, hostWorktree, localWorktree)) }
        : e,
    );
}
