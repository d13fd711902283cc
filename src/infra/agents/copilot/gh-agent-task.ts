// What grove reads from GitHub's CLI for the Copilot coding agent (`gh agent-task`, a preview command
// in gh ≥ 2.80). Everything here is pure: the runner (runner.ts) runs gh and hands the text to these
// functions. The formats are the ones gh's own source prints (cli/cli, pkg/cmd/agent-task), recorded in
// docs/delegate.md; a change in them shows up here as a clear "could not read" error, never a guess.

/** The JSON fields grove asks `gh agent-task view|list --json` for (all are in gh's SessionFields). */
export const SESSION_FIELDS = [
  'id',
  'name',
  'state',
  'createdAt',
  'completedAt',
  'pullRequestNumber',
  'pullRequestUrl',
  'pullRequestState',
] as const;

export interface AgentSession {
  id: string;
  name: string;
  state: string;
  createdAt: string | undefined;
  completedAt: string | undefined;
  pullRequestNumber: number | undefined;
  pullRequestUrl: string | undefined;
}

/** How grove reads a session state (gh's states: queued, in_progress, completed, failed, idle, waiting_for_user, timed_out, cancelled). */
export type SessionPhase = 'working' | 'waiting' | 'done' | 'failed';

export function sessionPhase(state: string): SessionPhase {
  switch (state) {
    case 'completed':
      return 'done';
    case 'failed':
    case 'timed_out':
    case 'cancelled':
    case 'canceled':
      return 'failed';
    case 'waiting_for_user':
      return 'waiting';
    default:
      // queued, in_progress, idle, and states a newer service adds: keep polling.
      return 'working';
  }
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const SESSION_URL = new RegExp(`https://[^\\s/]+/[^\\s/]+/[^\\s/]+/pull/(\\d+)/agent-sessions/(${UUID})`);
const QUEUED = /job (\S+) queued/;

/** What `gh agent-task create` printed: the session's URL (with its pull request), or a queued job. */
export type CreateOutput =
  | { kind: 'session'; sessionId: string; pullRequestNumber: number; url: string }
  | { kind: 'queued'; jobId: string };

export function parseCreateOutput(stdout: string): CreateOutput | undefined {
  const url = SESSION_URL.exec(stdout);
  if (url) return { kind: 'session', pullRequestNumber: Number(url[1]), sessionId: url[2]!, url: url[0] };
  const queued = QUEUED.exec(stdout);
  if (queued) return { kind: 'queued', jobId: queued[1]! };
  return undefined;
}

function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function toSession(raw: unknown): AgentSession | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  if (typeof o['id'] !== 'string' || typeof o['state'] !== 'string') return undefined;
  const pr = o['pullRequestNumber'];
  return {
    id: o['id'],
    name: typeof o['name'] === 'string' ? o['name'] : '',
    state: o['state'],
    createdAt: optionalString(o['createdAt']),
    completedAt: optionalString(o['completedAt']),
    pullRequestNumber: typeof pr === 'number' && pr > 0 ? pr : undefined,
    pullRequestUrl: optionalString(o['pullRequestUrl']),
  };
}

/** `gh agent-task view <id> --json …`: one session object. */
export function parseSessionJson(stdout: string): AgentSession | undefined {
  try {
    return toSession(JSON.parse(stdout));
  } catch {
    return undefined;
  }
}

/** `gh agent-task list --json …`: an array of sessions (entries grove cannot read are left out). */
export function parseSessionListJson(stdout: string): AgentSession[] | undefined {
  try {
    const raw: unknown = JSON.parse(stdout);
    if (!Array.isArray(raw)) return undefined;
    return raw.map(toSession).filter((s): s is AgentSession => s !== undefined);
  } catch {
    return undefined;
  }
}

/**
 * The session a create started when gh printed only "job … queued": the newest one created at or
 * after `since` that is not already taken (on the pull request `pr` when a fix turn asked on one).
 */
export function findNewSession(
  sessions: readonly AgentSession[],
  since: Date,
  options: { taken?: ReadonlySet<string>; pullRequestNumber?: number } = {},
): AgentSession | undefined {
  const fresh = sessions.filter((s) => {
    if (options.taken?.has(s.id)) return false;
    if (options.pullRequestNumber !== undefined && s.pullRequestNumber !== options.pullRequestNumber)
      return false;
    const created = s.createdAt ? Date.parse(s.createdAt) : NaN;
    // A second of slack: the service's clock and this machine's are not the same clock.
    return Number.isFinite(created) && created >= since.getTime() - 1000;
  });
  fresh.sort((a, b) => Date.parse(b.createdAt!) - Date.parse(a.createdAt!));
  return fresh[0];
}
