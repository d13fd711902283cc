// A command gate (or acceptance command) of a task whose attempt ran on an SSH host, run there: in the
// host's copy of the task's worktree, through the executor's `run`. One round trip per gate: a fixed
// script (no data in it; the command comes as its arguments) checks the copy is at exactly the commit
// grove verifies, runs the command in its own session with the same wrapper as a local gate, ends its
// whole process group at the gate's timeout, or as soon as the connection drops (grove stopped, or the
// gate was aborted), and answers with the last bytes of the output and what happened.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Command } from '../../shared/config.js';
import { GroveError } from '../../shared/errors.js';
import type { Executor } from '../executor/types.js';
import type { CommandGateResult } from './command-gate.js';
import { commandArgv, GATE_WRAPPER } from './command-gate.js';

/** Bytes of a host gate's output brought back into the local log (its end; the start is cut). */
export const HOST_LOG_MAX = 8 << 20;
/** How long past the gate's own timeout grove waits for the host before it gives up on the answer. */
const ANSWER_GRACE_MS = 30_000;

/**
 * `$1` the commit the copy must be at, `$2` the timeout in seconds, `$3` the bytes of output to send
 * back, `$4` a token naming the gate's folder on the host (`$TMPDIR/grove-gate-<token>`: its output,
 * its process group id, the timeout mark); the command is the rest. Prints the output's tail on stdout
 * and, last on stderr, `grove-gate: <state> <exit> <clean> <bytes> <head>` (state: ran, timeout or
 * moved). The watchdog writes a space to stderr every second: once sshd has closed the session (the
 * connection is gone) the write fails and the gate's group is killed.
 */
const HOST_SCRIPT = `
want=$1 secs=$2 max=$3 d="\${TMPDIR:-/tmp}/grove-gate-$4"; shift 4
head=$(git rev-parse -q --verify HEAD 2>/dev/null) || head=none
if [ "$head" != "$want" ]; then printf '\\ngrove-gate: moved 0 0 0 %s\\n' "$head" >&2; exit 0; fi
clean=1
[ -z "$(git status --porcelain --untracked-files=all 2>/dev/null)" ] || clean=0
mkdir -m 700 "$d" || exit 70
trap 'rm -rf "$d"' EXIT
setsid sh -c '${GATE_WRAPPER.replace(/'/g, `'\\''`)}' "$d/log" "$@" &
g=$!
echo "$g" > "$d/pgid"
# Ignored only now: the gate itself keeps the default SIGPIPE.
trap '' PIPE
(
  n=0
  while kill -0 "$g" 2>/dev/null; do
    if [ "$n" -ge "$secs" ]; then
      : > "$d/t"; kill -TERM -"$g" 2>/dev/null; n=0
      while [ "$n" -lt 2 ] && kill -0 -"$g" 2>/dev/null; do sleep 1 >/dev/null 2>&1; n=$((n + 1)); done
      kill -KILL -"$g" 2>/dev/null; exit 0
    fi
    printf ' ' >&2 || { kill -KILL -"$g" 2>/dev/null; exit 0; }
    sleep 1 >/dev/null 2>&1
    n=$((n + 1))
  done
) </dev/null &
w=$!
wait "$g"; s=$?
rm -f "$d/pgid"
state=ran
if [ -e "$d/t" ]; then state=timeout; wait "$w"; else kill "$w" 2>/dev/null; fi
size=$(wc -c < "$d/log" | tr -d ' ')
tail -c "$max" "$d/log"
printf '\\ngrove-gate: %s %s %s %s %s\\n' "$state" "$s" "$clean" "$size" "$head" >&2
`;

/**
 * Ends a gate's process group on the host (TERM, KILL 2 s later): killing the ssh client here does not
 * (the shared connection holds the session open), so an abort asks the host.
 */
const KILL_SCRIPT = `
f="\${TMPDIR:-/tmp}/grove-gate-$1/pgid"
[ -f "$f" ] || exit 0
g=$(cat "$f")
kill -TERM -"$g" 2>/dev/null || exit 0
sleep 2
[ -f "$f" ] && kill -KILL -"$g" 2>/dev/null
exit 0
`;

export interface HostGateOptions {
  /** The executor's name for the host, as people read it (`box1`). */
  hostName: string;
  /** The host's copy of the worktree. */
  cwd: string;
  /** The commit the copy must be at: a copy elsewhere fails the gate, nothing is run. */
  commit: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  logPath: string;
  signal?: AbortSignal;
}

export interface HostGateResult extends CommandGateResult {
  /** The host's copy held exactly the commit (nothing modified or untracked) when the gate started. */
  clean: boolean;
}

interface Answer {
  state: 'ran' | 'timeout' | 'moved';
  exit: number;
  clean: boolean;
  bytes: number;
  head: string;
}

const ANSWER = /\ngrove-gate: (ran|timeout|moved) (\d+) ([01]) (\d+) (\S+)\n *$/;

function parseAnswer(stderr: string): Answer | undefined {
  const m = ANSWER.exec(stderr);
  if (!m) return undefined;
  return {
    state: m[1] as Answer['state'],
    exit: Number(m[2]),
    clean: m[3] === '1',
    bytes: Number(m[4]),
    head: m[5]!,
  };
}

export function hostNote(hostName: string, cwd: string, commit: string): string {
  return `[grove] ran on host ${hostName} in ${cwd} at ${commit.slice(0, 8)}`;
}

/** Runs one gate command on the host; its output (the last HOST_LOG_MAX bytes) goes to `logPath`. */
export async function runHostGate(
  executor: Executor,
  command: Command,
  o: HostGateOptions,
): Promise<HostGateResult> {
  const secs = Math.max(1, Math.ceil(o.timeoutMs / 1000));
  const failed = (text: string): HostGateResult => {
    writeFileSync(o.logPath, `${text}\n`);
    return { ok: false, exitCode: null, timedOut: false, clean: false };
  };
  const token = randomBytes(8).toString('hex');
  // Killing the ssh client here would leave the gate running (the shared connection keeps its session
  // open): an abort asks the host to end the gate's group, and the answer then comes as usual.
  const onAbort = (): void => {
    void executor
      .run('sh', ['-c', KILL_SCRIPT, 'grove-gate-kill', token], { cwd: o.cwd, timeoutMs: 20_000 })
      .catch(() => undefined);
  };
  if (o.signal?.aborted) return failed(`[grove] stopped before the gate ran on host ${o.hostName}`);
  o.signal?.addEventListener('abort', onAbort, { once: true });
  let r;
  try {
    r = await executor.run(
      'sh',
      [
        '-c',
        HOST_SCRIPT,
        'grove-gate',
        o.commit,
        String(secs),
        String(HOST_LOG_MAX),
        token,
        ...commandArgv(command),
      ],
      {
        cwd: o.cwd,
        env: o.env,
        timeoutMs: secs * 1000 + ANSWER_GRACE_MS,
        maxBuffer: HOST_LOG_MAX + (64 << 10),
      },
    );
  } catch (e) {
    const hint = e instanceof GroveError && e.hint ? `\n${e.hint}` : '';
    return failed(
      `[grove] the gate could not run on host ${o.hostName}: ${(e as Error).message}${hint}\n` +
        `The task's attempt ran there, so its gates run there too: make the host reachable, then \`grove verify <task>\` (or \`grove retry <task>\`).`,
    );
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
  const answer = parseAnswer(r.stderr);
  if (!answer) {
    if (o.signal?.aborted) return failed(`[grove] stopped: the gate on host ${o.hostName} was killed`);
    const why = r.timedOut
      ? `no answer within ${Math.round((secs * 1000 + ANSWER_GRACE_MS) / 1000)} s (the gate's timeout and ${ANSWER_GRACE_MS / 1000} s); the connection is dropped, which ends the gate's processes there once the host notices`
      : `its run ended without grove's answer (exit ${r.code ?? r.signal})`;
    const said = `${r.stdout}${r.stderr}`.trim().slice(-4000);
    return failed(
      `[grove] the gate on host ${o.hostName} (${o.cwd}): ${why}${said ? `\n${said}` : ''}\nCheck the host (\`grove hosts check ${o.hostName}\`), then \`grove verify <task>\`.`,
    );
  }
  if (answer.state === 'moved') {
    return failed(
      `[grove] not run: the host's copy of the worktree (host ${o.hostName}, ${o.cwd}) is at ${answer.head === 'none' ? 'no commit' : answer.head.slice(0, 8)}, not at ${o.commit.slice(0, 8)}, the commit being verified.\n` +
        `Something changed it while the gates ran; run \`grove verify <task>\` again (grove brings the copy to the branch's commit first).`,
    );
  }
  const cut = answer.bytes > HOST_LOG_MAX ? answer.bytes - HOST_LOG_MAX : 0;
  const timedOut = answer.state === 'timeout';
  const lines = [
    cut > 0
      ? `[grove] the gate printed ${answer.bytes} bytes on host ${o.hostName}; the first ${cut} are not kept here\n`
      : '',
    r.stdout,
    r.stdout === '' || r.stdout.endsWith('\n') ? '' : '\n',
    timedOut
      ? `\n[grove] killed after ${secs} s (the gate's timeout), with every process it started on host ${o.hostName}\n`
      : '',
    `${hostNote(o.hostName, o.cwd, o.commit)}${answer.clean ? '' : ' (the copy had changes before this gate: not reused by tree)'}\n`,
  ];
  writeFileSync(o.logPath, lines.join(''));
  return {
    ok: !timedOut && answer.exit === 0,
    exitCode: timedOut ? null : answer.exit,
    timedOut,
    clean: answer.clean,
  };
}
