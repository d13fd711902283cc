// Preparing a host's worktree and bringing the work back, with the "host" a folder here reached
// through the channel's program started here (node -e): real git, real processes. The ssh URL the
// fallbacks would use does not resolve, so these pass only when everything went through the channel.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../process/run.js';
import { SshConnection } from '../ssh/connection.js';
import { SshChannel } from './ssh-channel.js';
import { CHANNEL_SCRIPT } from './ssh-channel-script.js';
import type { HostLayout } from './ssh-git.js';
import { fetchBackFromHost, hostLayout, prepareHostWorktree } from './ssh-git.js';

let dir: string;
let channel: SshChannel;
let layout: HostLayout;
let local: string;

async function git(cwd: string, ...args: string[]): Promise<string> {
  const r = await run('git', args, { cwd });
  if (r.code !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'grove-ssh-git-'));
  local = join(dir, 'local');
  await run('git', ['init', '-q', '-b', 'main', local], { cwd: dir });
  await git(local, 'config', 'user.name', 'Grove Test');
  await git(local, 'config', 'user.email', 'test@grove.invalid');
  writeFileSync(join(local, 'README.md'), 'x\n');
  await git(local, 'add', '-A');
  await git(local, 'commit', '-qm', 'base');
  await git(local, 'checkout', '-q', '-b', 'grove/t1');
  layout = hostLayout(join(dir, 'host'));
  const connection = new SshConnection({
    name: 'box1',
    host: { ssh: 'me@box1.invalid', root: layout.root, wip: 1 },
    repoRoot: local,
    controlDir: join(dir, 'control'),
  });
  channel = new SshChannel(connection, { file: 'node', args: ['-e', CHANNEL_SCRIPT] });
});

afterEach(async () => {
  await channel.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('git with a host through the channel', () => {
  it('a host that has the commit gets its worktree in one command, no push', async () => {
    await run('git', ['clone', '-q', '--bare', local, layout.repo], { cwd: dir });
    const { branch, remoteWorktree } = await prepareHostWorktree(channel, layout, local);
    expect(branch).toBe('grove/t1');
    expect(readFileSync(join(remoteWorktree, 'README.md'), 'utf8')).toBe('x\n');
    expect(await git(remoteWorktree, 'symbolic-ref', '--short', 'HEAD')).toBe('grove/t1');
    expect(await git(layout.repo, 'config', 'user.email')).toBe('test@grove.invalid');
  });

  it('a host without the commit is pushed to (here: the push fails, saying so)', async () => {
    await expect(prepareHostWorktree(channel, layout, local)).rejects.toMatchObject({
      message: expect.stringContaining('git push with host box1 failed') as unknown,
    });
  });

  it("brings the host's commits and uncommitted leftovers back as a bundle through the channel", async () => {
    await run('git', ['clone', '-q', '--bare', local, layout.repo], { cwd: dir });
    const { remoteWorktree } = await prepareHostWorktree(channel, layout, local);
    writeFileSync(join(remoteWorktree, 'made.txt'), 'on the host\n');
    await git(remoteWorktree, 'add', 'made.txt');
    await git(remoteWorktree, '-c', 'user.name=A', '-c', 'user.email=a@b', 'commit', '-qm', 'work');
    writeFileSync(join(remoteWorktree, 'left.txt'), 'uncommitted\n');
    const back = await fetchBackFromHost(channel, layout, local, remoteWorktree);
    expect(back.leftovers).toBe(true);
    expect(back.head).toBe(await git(remoteWorktree, 'rev-parse', 'HEAD'));
    expect(readFileSync(join(local, 'made.txt'), 'utf8')).toBe('on the host\n');
    expect(readFileSync(join(local, 'left.txt'), 'utf8')).toBe('uncommitted\n');
    expect(await git(local, 'status', '--porcelain')).toBe('?? left.txt');

    // Nothing new since: nothing to fetch, nothing changes.
    rmSync(join(local, 'left.txt'));
    rmSync(join(remoteWorktree, 'left.txt'));
    const again = await fetchBackFromHost(channel, layout, local, remoteWorktree);
    expect(again).toEqual({ head: back.head, leftovers: false });
    expect(existsSync(join(local, 'left.txt'))).toBe(false);
  });
});
