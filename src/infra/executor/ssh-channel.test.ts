// The channel's two ends without ssh: its program (ssh-channel-script.ts) started here with `node -e`,
// talked to by SshChannel. Real processes, real files.
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SshConnection } from '../ssh/connection.js';
import { SshChannel } from './ssh-channel.js';
import { CHANNEL_SCRIPT } from './ssh-channel-script.js';

let dir: string;
let channel: SshChannel;

function connection(): SshConnection {
  return new SshConnection({
    name: 'box1',
    host: { ssh: 'me@box1', root: dir, wip: 1 },
    repoRoot: dir,
    controlDir: join(dir, 'control'),
  });
}

/** True while `pid` runs (a zombie, or no such process, is not running). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function pidIn(file: string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    if (existsSync(file) && readFileSync(file, 'utf8').trim() !== '')
      return Number(readFileSync(file, 'utf8'));
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no pid in ${file}`);
}

async function gone(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (!running(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !running(pid);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'grove-channel-'));
  channel = new SshChannel(connection(), { file: 'node', args: ['-e', CHANNEL_SCRIPT] });
});

afterEach(async () => {
  await channel.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the ssh channel', () => {
  it('runs scripts with their stdin, keeping exit code, stdout and stderr apart, several at once', async () => {
    const [a, b] = await Promise.all([
      channel.sh('cat; printf "oops — \\n" >&2; exit 3', { input: "it's input" }),
      channel.sh('sleep 0.2; echo second'),
    ]);
    expect(a).toMatchObject({ code: 3, stdout: "it's input", stderr: 'oops — \n', timedOut: false });
    expect(b).toMatchObject({ code: 0, stdout: 'second\n' });
  });

  it("a timeout ends the command's whole process group and says so", async () => {
    const pidFile = join(dir, 'pid');
    const t0 = Date.now();
    const r = await channel.sh(`sleep 30 & echo $! > ${pidFile}; wait`, { timeoutMs: 500 });
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGTERM');
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await gone(await pidIn(pidFile), 3000)).toBe(true);
  });

  it("an abort ends the command's whole process group, and the answer comes at once", async () => {
    const pidFile = join(dir, 'pid');
    const abort = new AbortController();
    const answer = channel.sh(`sleep 30 & echo $! > ${pidFile}; wait`, { signal: abort.signal });
    const pid = await pidIn(pidFile);
    const t0 = Date.now();
    abort.abort();
    const r = await answer;
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r).toMatchObject({ signal: 'SIGTERM', timedOut: false });
    expect(await gone(pid, 3000)).toBe(true);
  });

  it('a mirror request waits until a followed file grows, then brings the new bytes', async () => {
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    writeFileSync(join(logs, '1.stdout'), 'a\n');
    const query = { maxBytes: 1 << 20, dirs: [{ dir: logs, have: { '1.stdout': 2 } }] };
    const t0 = Date.now();
    const answer = channel.mirror(query, ['{}'], 10_000);
    await new Promise((r) => setTimeout(r, 400));
    appendFileSync(join(logs, '1.stdout'), 'b\n');
    const [a] = await answer;
    const waited = Date.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(400);
    expect(waited).toBeLessThan(2000);
    expect(a?.files['1.stdout']).toMatchObject({ from: 2, data: Buffer.from('b\n').toString('base64') });

    // Nothing new: answered after waitMs, or at once on a wake.
    const idle = { maxBytes: 1 << 20, dirs: [{ dir: logs, have: { '1.stdout': 4 } }] };
    const t1 = Date.now();
    await channel.mirror(idle, ['{}'], 300);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(300);
    const t2 = Date.now();
    const woken = channel.mirror(idle, ['{}'], 10_000);
    setTimeout(() => channel.wake(), 200);
    const [w] = await woken;
    expect(Date.now() - t2).toBeLessThan(2000);
    expect(w?.files['1.stdout']?.data).toBeUndefined();
  });

  it('closing the channel ends the commands still running at the far end', async () => {
    const pidFile = join(dir, 'pid');
    const answer = channel.sh(`sleep 30 & echo $! > ${pidFile}; wait`);
    const pid = await pidIn(pidFile);
    await channel.close();
    expect(await answer).toMatchObject({ code: null, signal: 'SIGTERM' });
    expect(await gone(pid, 4000)).toBe(true);
    expect((await channel.sh('echo again')).stdout).toBe('again\n'); // opens a new one
  });

  it('a request in flight when the far end dies fails with what it said; the next one reopens', async () => {
    const dying = new SshChannel(connection(), {
      file: 'sh',
      args: ['-c', 'echo "node: command not found" >&2; exit 127'],
    });
    const r = await dying.sh('echo hi');
    expect(r.sshFailure?.message).toBe('the connection to host box1 ended (node: command not found)');
    await expect(dying.shOrThrow('echo hi')).rejects.toMatchObject({
      message: expect.stringContaining('node: command not found') as unknown,
      hint: expect.stringContaining('grove hosts check box1') as unknown,
    });
  });
});
