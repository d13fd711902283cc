// Every git call grove makes ends: a default timeout that kills git's process group, no prompt of any
// kind, commit signing failures named as such, a missing folder named as such (real git, real
// processes).
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtInGates } from '../../../src/app/verify/built-in-gates.js';
import { git } from '../../../src/infra/git/exec.js';
import { findRepo } from '../../../src/infra/git/repo.js';
import { GroveError } from '../../../src/shared/errors.js';
import type { TempRepo } from '../../helpers/git-repo.js';
import { makeTempRepo } from '../../helpers/git-repo.js';
import { waitFor } from '../../helpers/wait.js';

let repo: TempRepo | undefined;
const saved = process.env.GROVE_GIT_TIMEOUT_MS;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
  if (saved === undefined) delete process.env.GROVE_GIT_TIMEOUT_MS;
  else process.env.GROVE_GIT_TIMEOUT_MS = saved;
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A repo whose commits are signed by `signer` (a shell script body); the script's pid goes to pidFile. */
function signingRepo(signer: string): { r: TempRepo; pidFile: string } {
  const r = makeTempRepo();
  const pidFile = join(r.parent, 'signer.pid');
  const script = join(r.parent, 'signer.sh');
  writeFileSync(script, `#!/bin/sh\necho $$ > ${pidFile}\n${signer}\n`);
  chmodSync(script, 0o755);
  r.git('config', 'commit.gpgsign', 'true');
  r.git('config', 'gpg.program', script);
  repo = r;
  return { r, pidFile };
}

const spec = { id: 't', title: 'Task t', owns: ['**'] };

async function committedGate(root: string): Promise<unknown> {
  writeFileSync(join(root, 'left.txt'), 'left over\n');
  const gate = builtInGates(spec, root, 'main', true).find((g) => g.name === 'committed')!;
  return gate.run().then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('git commands grove runs', () => {
  it('a signer that waits forever: the committed gate fails within the timeout, naming signing', async () => {
    process.env.GROVE_GIT_TIMEOUT_MS = '1500';
    const { r, pidFile } = signingRepo('exec sleep 600');
    const started = Date.now();
    const error = await committedGate(r.root);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(GroveError);
    const e = error as GroveError;
    expect(e.code).toBe('GIT_SIGNING');
    expect(e.message).toMatch(
      /^commit signing hung \(killed after the git timeout\): git commit .* \(commit\.gpgSign=true\)/,
    );
    expect(e.hint).toContain("set commit.gpgsign=false for grove's commits");
    // The signer was killed with git's process group, not left behind.
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await waitFor(() => !alive(pid), { what: `signer pid ${pid} to be gone` });
    expect(r.git('log', '--format=%s').trim()).toBe('initial');
  });

  it('a signer that fails: reported as a signing failure with its message', async () => {
    const { r } = signingRepo('echo "no secret key" >&2\nexit 2');
    const e = (await committedGate(r.root)) as GroveError;
    expect(e.code).toBe('GIT_SIGNING');
    expect(e.message).toMatch(/^commit signing failed: .*gpg failed to sign the data/s);
  });

  it('a hook that hangs: GIT_TIMEOUT naming the command, the folder and the timeout', async () => {
    process.env.GROVE_GIT_TIMEOUT_MS = '1000';
    const r = makeTempRepo();
    repo = r;
    const hook = join(r.root, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\nsleep 600\n');
    chmodSync(hook, 0o755);
    r.write({ 'x.txt': 'x\n' });
    r.git('add', 'x.txt');
    const e = await git(r.root, ['commit', '-q', '-m', 'x']).then(
      () => undefined,
      (err: unknown) => err as GroveError,
    );
    expect(e?.code).toBe('GIT_TIMEOUT');
    expect(e?.message).toBe(`git commit -q -m x in ${r.root} did not finish within 1 s and was killed`);
  });

  it('never prompts for credentials: a server asking for a password fails at once', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="grove test"' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const r = makeTempRepo();
    repo = r;
    try {
      const port = (server.address() as AddressInfo).port;
      const started = Date.now();
      const e = await git(r.root, ['ls-remote', `http://127.0.0.1:${port}/repo.git`], {
        env: { GIT_CONFIG_NOSYSTEM: '1', HOME: r.parent },
      }).then(
        () => undefined,
        (err: unknown) => err as GroveError,
      );
      expect(e?.code).toBe('GIT_FAILED');
      expect(e?.message).toMatch(/terminal prompts disabled|could not read Username/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      server.close();
    }
  });

  it('a folder that is gone: DIR_MISSING naming it, not "spawn git ENOENT"', async () => {
    const gone = join(tmpdir(), `grove-gone-${process.pid}-${Date.now()}`);
    const e = await git(gone, ['status']).then(
      () => undefined,
      (err: unknown) => err as GroveError,
    );
    expect(e?.code).toBe('DIR_MISSING');
    expect(e?.message).toBe(`cannot run git in ${gone}: that folder does not exist (deleted?)`);
    expect(e?.message).not.toContain('ENOENT');
  });

  it("a bare repository, or git's own folder: says so and what to run instead", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grove-bare-'));
    try {
      const bare = join(dir, 'bare.git');
      await git(dir, ['init', '-q', '--bare', bare]);
      await expect(findRepo(bare)).rejects.toMatchObject({
        code: 'NOT_A_REPO',
        message: `${bare} is a bare repository: it has no checkout for grove to work in`,
        hint: expect.stringContaining(`git -C ${bare} worktree add`) as unknown,
      });
      const r = makeTempRepo();
      repo = r;
      await expect(findRepo(join(r.root, '.git'))).rejects.toMatchObject({
        code: 'NOT_A_REPO',
        message: expect.stringContaining("is inside git's own folder") as unknown,
      });
      expect((await findRepo(r.root)).mainRoot).toBe(r.root);
      expect(existsSync(join(r.root, '.git'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
