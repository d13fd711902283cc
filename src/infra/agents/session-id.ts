import type { AgentEvent } from '../../shared/agent-event.js';

/**
 * An agent session id is what grove later puts on a command line (`claude --resume <id>`,
 * `codex exec resume <id>`, `gemini --resume <id>`, the dashboard's attach command). It comes from the
 * agent's own output, so grove checks it before recording or using it: an id that starts with `-` would
 * be read as a flag (a CLI that reported `--dangerously-skip-permissions` got exactly that flag on the
 * next resume), and whitespace or control characters have no business in a command line or a log.
 *
 * Real ids are UUIDs (Claude, Codex thread ids, Gemini) or short tokens (`latest`, an index, `s-1`), so
 * the rule is: 1 to 200 characters of `A-Z a-z 0-9 . _ : -`, not starting with `-`.
 */
export const SESSION_ID_MAX_LENGTH = 200;
const SESSION_ID_CHARS = /^[A-Za-z0-9._:-]+$/;

/** Why `id` is not a usable session id, or undefined when it is. */
export function sessionIdProblem(id: string): string | undefined {
  if (id.length === 0) return 'it is empty';
  if (id.length > SESSION_ID_MAX_LENGTH)
    return `it is ${id.length} characters long (at most ${SESSION_ID_MAX_LENGTH})`;
  // Checked before the character rule so that the reason names the real danger.
  if (id.startsWith('-')) return 'it starts with "-" and would be read as a command-line flag';
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\s\u0000-\u001f\u007f]/.test(id)) return 'it contains whitespace or control characters';
  if (!SESSION_ID_CHARS.test(id))
    return 'it has characters other than letters, digits, ".", "_", ":" and "-"';
  return undefined;
}

/** True when `id` may be recorded and passed to an agent CLI as a session id. */
export function isSafeSessionId(id: string | null | undefined): id is string {
  return typeof id === 'string' && sessionIdProblem(id) === undefined;
}

/** `id` when it is safe, else undefined (start a fresh session instead of resuming). */
export function safeSessionId(id: string | null | undefined): string | undefined {
  return isSafeSessionId(id) ? id : undefined;
}

/** The id as it may be shown in a message: quoted, clipped, control characters escaped. */
export function showSessionId(id: string): string {
  const clipped = id.length > 60 ? `${id.slice(0, 60)}…` : id;
  return JSON.stringify(clipped);
}

/**
 * What a parser turns a reported session id into: the `session` event when the id is safe; otherwise an
 * `error` event saying it was ignored, so the id is never recorded (and so never resumed).
 */
export function sessionEvents(id: string, model?: string): AgentEvent[] {
  const problem = sessionIdProblem(id);
  if (problem !== undefined) {
    return [
      {
        kind: 'error',
        message: `grove ignored the session id ${showSessionId(id)} the agent reported: ${problem}; the next attempt starts a fresh session`,
      },
    ];
  }
  return [{ kind: 'session', sessionId: id, ...(model !== undefined ? { model } : {}) }];
}

/**
 * For a session id read back from the state database (an older grove recorded ids unchecked): a note
 * saying it will not be resumed and why, or undefined when there is none or it is safe.
 */
export function refusedSessionNote(id: string | null | undefined): string | undefined {
  if (id === null || id === undefined) return undefined;
  const problem = sessionIdProblem(id);
  if (problem === undefined) return undefined;
  return `the stored session id ${showSessionId(id)} is not resumed (${problem}); a fresh session starts`;
}
