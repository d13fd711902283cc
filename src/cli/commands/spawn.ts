import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { selectReadyTasks } from '../../app/workspace/select-ready.js';
import { requireApprovedSpecs, unapprovedTasks } from '../../app/plan-approval/require.js';
import type { SpawnOutcome } from '../../app/workspace/spawn.js';
import { spawnWorkspaces } from '../../app/workspace/spawn.js';
import { EXIT_CODES } from '../handle-error.js';
import { requireKnownTasks } from '../known-tasks.js';
import { emit } from '../output/emit.js';

function describe(o: SpawnOutcome): string {
  switch (o.kind) {
    case 'created': {
      const copy =
        o.copy.files + o.copy.symlinks > 0
          ? `, copied ${o.copy.files} files (${o.copy.method ?? 'copy'})`
          : '';
      return `created  ${o.workspace.taskId}  ${o.workspace.branch}  ${o.workspace.worktree}  port ${o.workspace.port ?? '-'}${copy}`;
    }
    case 'reused':
      return `reused   ${o.workspace.taskId}  ${o.workspace.branch}  ${o.workspace.worktree}`;
    case 'hook-failed':
      return `failed   ${o.workspace.taskId}: pre_start hook failed (exit ${o.code ?? 'signal'}); worktree kept at ${o.workspace.worktree}\n${o.output.trimEnd().replace(/^/gm, '    ')}`;
    case 'error':
      return `error    ${o.taskId}: ${o.error.message}${o.error.hint ? `\n    ${o.error.hint}` : ''}`;
  }
}

function toJson(o: SpawnOutcome): unknown {
  if (o.kind === 'error')
    return {
      kind: o.kind,
      taskId: o.taskId,
      code: o.error.code,
      message: o.error.message,
      hint: o.error.hint,
    };
  return o;
}

export function register(program: Command): void {
  program
    .command('spawn')
    .description(
      "Create each task's worktree and branch grove/<id> from the base, copy ignored files in, run hooks. Does not start agents.",
    )
    .argument('[task...]', 'task ids (default: every ready task, up to the WIP limit)')
    .option('--no-hooks', 'skip the pre_start and post_start hooks')
    .option('--json', 'print the outcomes as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  grove spawn add-login fix-header\n  grove spawn            # every ready task up to `wip`',
    )
    .action(async (tasks: string[], opts: { hooks: boolean; json?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        // An unknown id is bad input: refused before any worktree is made (exit 4, like every command).
        requireKnownTasks(ctx, tasks);
        // Config review.plan required: a task whose spec is not approved gets no worktree.
        requireApprovedSpecs(ctx, tasks);
        const unapproved = new Set(
          unapprovedTasks(
            ctx,
            ctx.tasks.map((t) => t.id),
          ).map((w) => w.id),
        );
        const ids = tasks.length > 0 ? tasks : selectReadyTasks(ctx, (id) => unapproved.has(id));
        if (ids.length === 0) {
          // Ready tasks held back only because their spec waits for plan approval: say which and why.
          const held = unapprovedTasks(ctx, selectReadyTasks(ctx));
          emit([], {
            json: opts.json,
            human: () =>
              held.length > 0
                ? `grove spawn: no ready task with an approved spec:\n${held.map((w) => `  ${w.message}`).join('\n')}\napprove the plan with \`grove plan --approve\``
                : 'grove spawn: no ready task (all spawned, waiting on dependencies, or the WIP limit is reached)',
          });
          return;
        }
        const outcomes = await spawnWorkspaces(ctx, ids, { hooks: opts.hooks, deleted: 'recreate' });
        emit(outcomes, {
          json: opts.json,
          pretty: true,
          toJson: (os) => os.map(toJson),
          human: (os) => os.map(describe).join('\n'),
        });
        // The first failure decides the exit code, by the same table as a thrown error.
        const worst = outcomes.find((o) => o.kind === 'error' || o.kind === 'hook-failed');
        if (worst)
          process.exitCode = worst.kind === 'error' ? EXIT_CODES[worst.error.code] : EXIT_CODES.HOOK_FAILED;
      } finally {
        ctx.close();
      }
    });
}
