import { appendFileSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutorWatch } from '../../app/executor/types.js';
import { readExitRecord, readWrapperSpec } from '../process/supervisor.js';
import type { WrapperSpec } from '../process/supervisor-spec.js';
import type { SshChannel } from './ssh-channel.js';
import type { MirrorAnswer } from './ssh-mirror-script.js';

/** Most bytes one refresh brings back (over all followed attempts). */
const REFRESH_MAX_BYTES = 4 * 1024 * 1024;
/** How long the host holds a refresh that has nothing new before answering anyway. */
const LONG_POLL_MS = 1000;

export interface HostMirrorOptions {
  /** How often a refresh is retried after one failed (refreshes follow each other otherwise). */
  refreshMs: number;
  /** How long the host may go without answering before its attempts count as lost. */
  lostAfterMs: number;
  /** Brings an ended attempt's work back (its spec names the local worktree); rejects on failure. */
  fetchBack: (spec: WrapperSpec) => Promise<void>;
}

interface Followed {
  remote: string;
  refs: number;
  listeners: Set<() => void>;
  procs: MirrorAnswer['procs'] | undefined;
  /** `procs` as the host last sent them, as JSON (the host answers at once when they change). */
  hostProcs: string;
  /** Exit records seen on the host, published here once the branch is back. */
  pendingExits: Map<string, { text: string; tries: number }>;
  /** Bringing the work of ended attempts back (one at a time per folder). */
  publishing: Promise<boolean> | undefined;
}

/**
 * The follow half of the ssh executor: a local copy of the log folders of the attempts followed on one
 * host, refreshed by one request after another over the host's channel (ssh-mirror-script.ts): each is
 * answered as soon as something is new there (or after LONG_POLL_MS), so a line reaches the mirror
 * within a few tens of milliseconds of being written. `refreshSoon` (after a `go` or a signal) has the
 * host answer the waiting request at once. Bytes are appended by offset
 * (the local file's size is the offset asked for), so a refresh that failed or a connection that
 * dropped is simply asked again from where the mirror is: nothing is fetched twice and nothing is
 * skipped, and a restarted grove resumes from the files it finds. A failed refresh keeps the last
 * answers (alive-but-unknown) until the host has not answered for `lostAfterMs`: then its attempts
 * read as dead, and `lostReason` says the host is gone.
 */
export class HostMirror {
  private readonly followed = new Map<string, Followed>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  /** When the host last answered a refresh (or when following began). */
  private lastAnswerAt = Date.now();
  /** Why the latest refresh failed; undefined after one that worked. */
  private lastFailure: string | undefined;

  constructor(
    private readonly channel: SshChannel,
    private readonly options: HostMirrorOptions,
  ) {}

  private get hostName(): string {
    return this.channel.target.name;
  }

  /** Follows a local log folder, the mirror of `remote` on the host (again: the same entry). */
  follow(localDir: string, remote: string): void {
    if (this.followed.has(localDir)) return;
    this.followed.set(localDir, {
      remote,
      refs: 0,
      listeners: new Set(),
      procs: undefined,
      hostProcs: '',
      pendingExits: new Map(),
      publishing: undefined,
    });
    if (this.refreshing) this.channel.wake(); // the refresh under way does not ask for it
  }

  /** Forgets an exit record seen for `name` in `localDir` (a new attempt of that name starts). */
  forgetExit(localDir: string, name: string): void {
    this.followed.get(localDir)?.pendingExits.delete(name);
  }

  /** True when the host has not answered for `lostAfterMs` (it is gone, or the network to it). */
  hostGone(): boolean {
    return this.lastFailure !== undefined && Date.now() - this.lastAnswerAt >= this.options.lostAfterMs;
  }

  /** From the last refresh; true while the host has not answered yet (alive until it can tell). */
  isAlive(pid: number, processStart: string): boolean {
    if (this.hostGone()) return false;
    const p = this.procOf(pid, processStart);
    return p === undefined ? true : p.alive;
  }

  groupAlive(pgid: number): boolean {
    if (this.hostGone()) return false;
    return this.procOf(pgid)?.group ?? false;
  }

  /** False when the group is known to be gone (the last refresh saw it so). */
  groupKnownGone(pgid: number): boolean {
    const known = this.procOf(pgid);
    return known !== undefined && !known.group;
  }

  /** Why `isAlive` says this process is dead without an exit record, naming the host. */
  lostReason(pid: number, processStart: string): string | undefined {
    if (this.hostGone()) {
      const s = Math.round((Date.now() - this.lastAnswerAt) / 1000);
      return (
        `host ${this.hostName} has not answered for ${s} s (${this.lastFailure ?? 'no answer'}): ` +
        `the attempt there is counted lost (if the host comes back, its agent may still be running there)`
      );
    }
    const p = this.procOf(pid, processStart);
    if (p && !p.alive) {
      return `the attempt's process is gone from host ${this.hostName} without recording its exit (killed there, or the host restarted)`;
    }
    return undefined;
  }

  private procOf(pid: number, start?: string): { alive: boolean; group: boolean } | undefined {
    for (const f of this.followed.values()) {
      for (const p of Object.values(f.procs ?? {})) {
        if (p.pid === pid && (start === undefined || p.start === start)) return p;
      }
    }
    return undefined;
  }

  watch(dir: string, remote: string, onChange: () => void): ExecutorWatch {
    this.follow(dir, remote);
    const f = this.followed.get(dir)!;
    f.refs += 1;
    f.listeners.add(onChange);
    this.ensureTimer();
    let closed = false;
    return {
      close: () => {
        if (closed) return;
        closed = true;
        f.listeners.delete(onChange);
        f.refs -= 1;
        if (f.refs <= 0 && f.pendingExits.size === 0) this.followed.delete(dir);
        if (this.followed.size === 0) this.stopTimer();
      },
    };
  }

  ensureTimer(): void {
    if (this.timer) return;
    // Following (again) starts the clock: a host not heard from since is timed from now.
    if (this.lastFailure === undefined) this.lastAnswerAt = Date.now();
    this.timer = setInterval(() => this.startRefresh(), this.options.refreshMs);
    this.timer.unref();
    this.startRefresh();
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Starts a refresh unless one is running (then the host is asked to answer it now). While attempts
   * are followed, each refresh that worked starts the next; one that failed is retried by the timer.
   */
  refreshSoon(): void {
    if (this.refreshing) this.channel.wake();
    else this.startRefresh();
  }

  /** Starts a refresh unless one is running. */
  private startRefresh(): void {
    if (this.refreshing || this.followed.size === 0) return;
    const wasGone = this.hostGone();
    let worked = false;
    this.refreshing = this.refreshOnce(LONG_POLL_MS, false)
      .then(() => {
        this.lastAnswerAt = Date.now();
        this.lastFailure = undefined;
        worked = true;
      })
      .catch((error: unknown) => {
        // Unreachable: the answers stay as they were (alive-but-unknown) until lostAfterMs.
        this.lastFailure = ((error as Error).message || 'no answer').trim().split('\n')[0];
        if (!wasGone && this.hostGone()) this.notifyAll();
      })
      .finally(() => {
        this.refreshing = undefined;
        if (worked && this.timer) this.startRefresh();
      });
  }

  private notifyAll(): void {
    for (const f of this.followed.values()) for (const l of f.listeners) l();
  }

  /**
   * One round trip, answered at once: new bytes, exit records and liveness for every followed log
   * folder, and the work of ended attempts brought back (their exit records published) before it
   * resolves.
   */
  refresh(): Promise<void> {
    return this.refreshOnce(0, true);
  }

  /**
   * One refresh, held on the host up to `waitMs` while nothing is new. With `awaitExits` false, bringing
   * the work of an ended attempt back goes on after it resolves (the other attempts' lines keep coming).
   */
  private async refreshOnce(waitMs: number, awaitExits: boolean): Promise<void> {
    const dirs = [...this.followed.entries()];
    if (dirs.length === 0) return;
    const query = {
      maxBytes: REFRESH_MAX_BYTES,
      dirs: dirs.map(([local, f]) => ({ dir: f.remote, have: haveSizes(local, f) })),
    };
    const answers = await this.channel.mirror(
      query,
      dirs.map(([, f]) => f.hostProcs),
      waitMs,
    );
    const publishing: Array<Promise<boolean>> = [];
    for (const [i, [local, f]] of dirs.entries()) {
      const a = answers[i];
      if (!a || a.gone) continue;
      f.hostProcs = JSON.stringify(a.procs);
      let changed = JSON.stringify(f.procs) !== f.hostProcs;
      mkdirSync(local, { recursive: true });
      for (const [name, e] of Object.entries(a.files)) {
        if (e.data === undefined || e.from === undefined) continue;
        const path = join(local, name);
        if (name.endsWith('.exit.json')) {
          if (!f.pendingExits.has(name) && readExitRecord(path) === undefined) {
            f.pendingExits.set(name, { text: Buffer.from(e.data, 'base64').toString('utf8'), tries: 0 });
          }
          continue;
        }
        if (sizeOf(path) !== e.from) continue; // the mirror was cleared meanwhile: next refresh
        appendFileSync(path, Buffer.from(e.data, 'base64'));
        changed = true;
      }
      // A wrapper that ended counts as alive until its exit record is published here (after its work
      // came back), or the monitor would read "dead, no exit" and call the attempt lost.
      for (const [name, p] of Object.entries(a.procs)) {
        if (f.pendingExits.has(name.replace(/\.proc$/, '.exit.json'))) a.procs[name] = { ...p, alive: true };
      }
      f.procs = a.procs;
      if (changed) for (const l of f.listeners) l();
      if (a.complete && f.pendingExits.size > 0) {
        const published = this.publishSoon(local, f);
        publishing.push(published);
        void published.then((yes) => yes && f.listeners.forEach((l) => l()));
      }
    }
    if (awaitExits) await Promise.all(publishing);
  }

  /** Publishes the folder's pending exits unless that is under way; resolves true if any was. */
  private publishSoon(local: string, f: Followed): Promise<boolean> {
    f.publishing ??= this.publishExits(local, f).finally(() => (f.publishing = undefined));
    return f.publishing;
  }

  /** Brings each ended attempt's work back, then writes its exit record here (so it is seen after). */
  private async publishExits(local: string, f: Followed): Promise<boolean> {
    let published = false;
    for (const [name, pending] of [...f.pendingExits]) {
      const n = name.replace(/\.exit\.json$/, '');
      const spec = readWrapperSpec(join(local, `${n}.launch.json`));
      try {
        if (spec) await this.options.fetchBack(spec);
      } catch (error) {
        pending.tries += 1;
        const note = `grove: bringing the work back from host ${this.hostName} failed: ${(error as Error).message}\n`;
        appendFileSync(join(local, `${n}.wrapper.log`), note);
        if (pending.tries < 3) continue;
        process.emitWarning(note.trim());
      }
      const path = join(local, name);
      writeFileSync(`${path}.tmp`, pending.text);
      renameSync(`${path}.tmp`, path);
      f.pendingExits.delete(name);
      published = true;
    }
    return published;
  }

  async close(): Promise<void> {
    this.stopTimer();
    this.channel.wake();
    await this.refreshing;
    await Promise.all([...this.followed.values()].flatMap((f) => (f.publishing ? [f.publishing] : [])));
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * Bytes the local mirror has of each file of a log folder (by name), and of the exit records it has
 * published or holds to publish (so the host does not send those again).
 */
function haveSizes(dir: string, f: Followed): Record<string, number> {
  const out: Record<string, number> = {};
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    names = [];
  }
  for (const n of names) {
    if (!n.endsWith('.exit.json') || readExitRecord(join(dir, n)) !== undefined)
      out[n] = sizeOf(join(dir, n));
  }
  for (const [n, pending] of f.pendingExits) out[n] = Buffer.byteLength(pending.text);
  return out;
}
