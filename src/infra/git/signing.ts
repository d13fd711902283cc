// A commit grove makes (leftover commit, learnings, a merge) can hang or fail in the user's commit
// signer (commit.gpgsign with a gpg.program that asks on the terminal, a locked key, ssh signing). That
// is reported as a signing problem with what to change, never as a bare "git commit failed".
import { GroveError } from '../../shared/errors.js';
import type { RunResult } from '../process/run.js';
import { run } from '../process/run.js';

const SIGNING_COMMANDS = new Set([
  'commit',
  'merge',
  'tag',
  'commit-tree',
  'cherry-pick',
  'rebase',
  'revert',
]);
const SIGNER_TEXT =
  /gpg failed to sign|failed to sign the data|error: gpg|ssh-keygen|signing failed|cannot run gpg|gpg: /i;

/** The signing setting that applies to `args` in `repo` (`tag.gpgSign` for tags), if turned on. */
async function signingOn(repo: string, args: readonly string[]): Promise<string | undefined> {
  const explicit = args.some((a) => a === '-S' || a.startsWith('--gpg-sign'));
  if (explicit) return '-S';
  const key = args[0] === 'tag' ? 'tag.gpgSign' : 'commit.gpgSign';
  const r = await run('git', ['config', '--type=bool', '--get', key], {
    cwd: repo,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    timeoutMs: 10_000,
  }).catch(() => undefined);
  return r?.code === 0 && r.stdout.trim() === 'true' ? `${key}=true` : undefined;
}

/** A GroveError naming the signer when a committing git call failed or hung because of signing. */
export async function signingFailure(
  repo: string,
  args: readonly string[],
  result: RunResult,
): Promise<GroveError | undefined> {
  if (!SIGNING_COMMANDS.has(args[0] ?? '')) return undefined;
  if (args.includes('--no-gpg-sign')) return undefined;
  const setting = await signingOn(repo, args);
  if (setting === undefined) return undefined;
  if (!result.timedOut && !SIGNER_TEXT.test(result.stderr)) return undefined;
  const what = result.timedOut ? 'hung (killed after the git timeout)' : 'failed';
  const detail = result.stderr.trim().slice(-400);
  return new GroveError(
    'GIT_SIGNING',
    `commit signing ${what}: git ${args.join(' ')} in ${repo} signs (${setting})${detail ? `: ${detail}` : ''}`,
    {
      hint: `set commit.gpgsign=false for grove's commits (\`git -C ${repo} config commit.gpgsign false\`), or use a signer that works without a terminal (a gpg-agent with a cached passphrase, ssh signing with an agent)`,
      cause: result,
    },
  );
}
