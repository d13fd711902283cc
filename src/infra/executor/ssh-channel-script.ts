import { MIRROR_FUNCTION } from './ssh-mirror-script.js';
import type { MirrorAnswer, MirrorQuery } from './ssh-mirror-script.js';

/**
 * The program at the host's end of grove's channel (`ssh host exec node -e <this>`, one per host): the
 * login shell and its rc files run once, when the channel opens, not per command. It reads one JSON
 * request per line on stdin and prints one JSON answer per line on stdout (ChannelRequest,
 * ChannelAnswer). Commands run with `sh -c` in their own process group, in the login environment the
 * channel started with; their timeout, and a `kill` request, end that group (TERM, KILL 2 s later). A
 * `mirror` request is a long poll: it is answered as soon as a followed file has new bytes or a process
 * changed (checked every 25 ms), after `waitMs` otherwise, or at once after a `wake`. When stdin ends
 * (grove closed the channel, or the connection is gone) every command still running is ended too.
 */
export const CHANNEL_SCRIPT = String.raw`
const fs = require('fs'), os = require('os'), path = require('path'), cp = require('child_process');
${MIRROR_FUNCTION}
const running = new Map();
const polls = new Map();
const send = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const killGroup = (pid, sig) => { try { process.kill(-pid, sig); } catch {} };
function stop(r) {
  if (r.stopping) return;
  r.stopping = true;
  killGroup(r.child.pid, 'SIGTERM');
  r.killTimer = setTimeout(() => killGroup(r.child.pid, 'SIGKILL'), 2000);
}
function tail(max) {
  const parts = []; let len = 0;
  return {
    add(b) { parts.push(b); len += b.length; while (len > max && parts.length > 1) len -= parts.shift().length; },
    text() { const all = Buffer.concat(parts); return all.subarray(Math.max(0, all.length - max)).toString('utf8'); },
  };
}
function sh(q) {
  const max = q.maxBuffer || 64 * 1024 * 1024;
  const out = tail(max), err = tail(max);
  let child;
  try {
    child = cp.spawn('sh', ['-c', q.script], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    send({ id: q.id, code: 127, signal: null, stdout: '', stderr: String(e.message) + '\n', timedOut: false });
    return;
  }
  const r = { child, stopping: false, timedOut: false };
  running.set(q.id, r);
  if (q.timeoutMs !== undefined) r.timer = setTimeout(() => { r.timedOut = true; stop(r); }, q.timeoutMs);
  child.stdout.on('data', (b) => out.add(b));
  child.stderr.on('data', (b) => err.add(b));
  let done = false;
  const finish = (code, signal, extra) => {
    if (done) return;
    done = true;
    clearTimeout(r.timer); clearTimeout(r.killTimer); running.delete(q.id);
    send({ id: q.id, code, signal, stdout: out.text(), stderr: err.text() + (extra || ''), timedOut: r.timedOut });
    if (ended && running.size === 0) process.exit(0);
  };
  child.on('error', (e) => finish(127, null, String(e.message) + '\n'));
  child.on('close', (code, signal) => finish(code, signal));
  child.stdin.on('error', () => {});
  child.stdin.end(q.input === undefined ? '' : q.input);
}
function hasNews(answer, known) {
  return answer.some((a, i) => {
    if (a.gone) return false;
    if (JSON.stringify(a.procs) !== known[i]) return true;
    return Object.values(a.files).some((e) => e.data !== undefined);
  });
}
function mirror(q) {
  const until = Date.now() + (q.waitMs || 0);
  const p = { timer: undefined };
  const check = () => {
    p.timer = undefined;
    let answer;
    try { answer = mirrorAnswer(q.query); } catch (e) { polls.delete(q.id); send({ id: q.id, error: String(e.message) }); return; }
    if (p.woken || Date.now() >= until || hasNews(answer, q.known || [])) {
      polls.delete(q.id);
      send({ id: q.id, answer });
    } else {
      p.timer = setTimeout(check, 25);
    }
  };
  p.wake = () => { p.woken = true; if (p.timer) { clearTimeout(p.timer); check(); } };
  polls.set(q.id, p);
  check();
}
function handle(line) {
  if (line.trim() === '') return;
  let q;
  try { q = JSON.parse(line); } catch { send({ error: 'not a JSON request: ' + line.slice(0, 200) }); return; }
  if (q.op === 'sh') sh(q);
  else if (q.op === 'mirror') mirror(q);
  else if (q.op === 'kill') { const r = running.get(q.ref); if (r) stop(r); }
  else if (q.op === 'wake') { for (const p of [...polls.values()]) p.wake(); }
  else send({ id: q.id, error: 'unknown request ' + String(q.op) });
}
let rest = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  const parts = (rest + chunk).split('\n');
  rest = parts.pop();
  for (const line of parts) handle(line);
});
let ended = false;
process.stdin.on('end', () => {
  ended = true;
  for (const r of running.values()) stop(r);
  if (running.size === 0) process.exit(0);
  setTimeout(() => { for (const r of running.values()) killGroup(r.child.pid, 'SIGKILL'); process.exit(0); }, 2000);
});
process.stdout.on('error', () => process.exit(0));
send({ ready: true, pid: process.pid });
`;

/** One request to the channel's program (a line of JSON). */
export type ChannelRequest =
  | {
      op: 'sh';
      id: number;
      script: string;
      input?: string;
      timeoutMs?: number;
      maxBuffer?: number;
    }
  | {
      op: 'mirror';
      id: number;
      query: MirrorQuery;
      /** Per followed folder, the `procs` of its last answer as JSON (a change is news). */
      known: string[];
      waitMs: number;
    }
  | { op: 'kill'; ref: number }
  | { op: 'wake' };

/** One answer of the channel's program (a line of JSON). */
export interface ChannelAnswer {
  id?: number;
  ready?: boolean;
  error?: string;
  code?: number | null;
  signal?: NodeJS.Signals | null;
  stdout?: string;
  stderr?: string;
  timedOut?: boolean;
  answer?: MirrorAnswer[];
}
