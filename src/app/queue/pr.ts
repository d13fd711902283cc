// PR mode (`queue.mode: pr`): push each queued task's branch to `queue.remote` and open a pull request
// with `gh`, carrying the agent's summary, the gate evidence and the token use.
import type { QueueStore } from '../../infra/db/queue-store.js';
import { git } from '../../infra/git/exec.js';
import { run } from '../../infra/process/run.js';
import { GroveError } from '../../shared/errors.js';
import type { ProjectContext } from '../context.js';
import { resolveBase } from '../workspace/base.js';

export interface PullRequest {
  taskId: string;
  url: string;
}

/** Throws a clear error when the remote or `gh` is missing; both are checked before anything is pushed. */
export async function checkPrTools(ctx: ProjectContext): Promise<void> {
  const remote = ctx.config.queue.remote;
  const r = await git(ctx.paths.mainRoot, ['remote', 'get-url', '--', remote], { okCodes: [0, 2, 128] });
  if (r.code !== 0) {
    throw new GroveError('CONFIG_INVALID', `queue.mode is pr but the repository has no remote "${remote}"`, {
      hint: `add it (\`git remote add ${remote} <url>\`) or set \`queue.remote\` to an existing remote (\`git remote -v\`)`,
    });
  }
  const gh = await run('gh', ['--version'], { cwd: ctx.paths.mainRoot }).catch(() => undefined);
  if (gh === undefined || gh.code !== 0) {
    throw new GroveError(
      'AGENT_NOT_FOUND',
      'queue.mode is pr but the GitHub CLI `gh` is not installed (not on PATH)',
      {
        hint: 'install gh (https://cli.github.com) and run `gh auth login`, or set `queue.mode: local`',
      },
    );
  }
}

export function prBody(ctx: ProjectContext, taskId: string, summary: string | undefined): string {
  const gates = ctx.stores.gates.latestByGate(taskId);
  const usage = ctx.stores.usage.totalsForTask(taskId);
  const lines = [summary?.trim() || '(no summary from the agent)', '', '### Gates'];
  for (const g of gates)
    lines.push(`- ${g.ok ? '✅' : '❌'} \`${g.gate}\`: \`${g.command}\` (${Math.round(g.duration_ms)} ms)`);
  if (gates.length === 0) lines.push('- (no gate runs recorded)');
  lines.push(
    '',
    '### Token use',
    `- ${JSON.stringify(usage)}`,
    '',
    `Opened by grove for task \`${taskId}\`.`,
  );
  return `${lines.join('\n')}\n`;
}

/** Pushes the task's branch and opens its PR; the task stays `integrating` until the PR is merged. */
export async function openPullRequest(
  ctx: ProjectContext,
  queue: QueueStore,
  task: { id: string; title: string; branch: string; summary: string | undefined },
): Promise<PullRequest> {
  const base = await resolveBase(ctx);
  const remote = ctx.config.queue.remote;
  const ref = `refs/heads/${task.branch}`;
  await git(ctx.paths.mainRoot, ['push', '--quiet', remote, `${ref}:${ref}`], { timeoutMs: 120_000 });
  const r = await run(
    'gh',
    [
      'pr',
      'create',
      '--head',
      task.branch,
      '--base',
      base.name,
      '--title',
      `${task.id}: ${task.title}`,
      '--body',
      prBody(ctx, task.id, task.summary),
    ],
    { cwd: ctx.paths.mainRoot, timeoutMs: 120_000 },
  );
  if (r.code !== 0) {
    throw new GroveError(
      'GIT_FAILED',
      `gh pr create for ${task.id} failed: ${(r.stderr || r.stdout).trim()}`,
      {
        hint: 'check `gh auth status` and that the remote is a GitHub repository',
      },
    );
  }
  const url = r.stdout.trim().split('\n').at(-1) ?? '';
  ctx.store.transition(task.id, 'integrating', `pull request opened: ${url}`, {
    expectFrom: ['queued'],
    data: { url },
  });
  queue.finish(task.id, 'merged', 'pr-opened', { detail: url });
  return { taskId: task.id, url };
}
