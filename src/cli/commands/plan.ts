import type { Command } from 'commander';
import type { PlanResult } from '../../app/plan-project.js';
import { planProject } from '../../app/plan-project.js';
import { formatProblem } from '../../shared/errors.js';
import { findProjectPaths } from '../../app/project-paths.js';
import { emit } from '../output/emit.js';
import { EXIT_CODES } from '../handle-error.js';

function renderPlan(plan: PlanResult): string {
  const out: string[] = [];
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  out.push(
    `grove plan: ${plan.tasks.length} task${plan.tasks.length === 1 ? '' : 's'} in ${plan.waves.length} wave${plan.waves.length === 1 ? '' : 's'}`,
  );
  plan.waves.forEach((wave, i) => {
    out.push('', `Wave ${i + 1}${wave.length > 1 ? ' (these can run together)' : ''}:`);
    for (const id of wave) {
      const t = byId.get(id);
      const after = t && t.depends_on.length > 0 ? `  ← after ${t.depends_on.join(', ')}` : '';
      out.push(`  ${id}  ${t?.title ?? ''}${after}`);
    }
  });
  if (plan.blocked.length > 0)
    out.push('', `Cannot be ordered (dependency cycle): ${plan.blocked.join(', ')}`);
  if (plan.warnings.length > 0) {
    out.push('', `Warnings (${plan.warnings.length}):`, ...plan.warnings.map((p) => `  ${formatProblem(p)}`));
  }
  if (plan.errors.length > 0) {
    out.push('', `Errors (${plan.errors.length}):`, ...plan.errors.map((p) => `  ${formatProblem(p)}`));
    out.push('', 'The state was not updated: fix the errors and run `grove plan` again.');
  } else if (plan.sync) {
    const s = plan.sync;
    const parts = [
      `${s.created.length} new (planned)`,
      `${s.updated.length} updated`,
      `${s.unchanged.length} unchanged`,
    ];
    out.push('', `State: ${parts.join(', ')}.`);
    for (const u of s.updated) out.push(`  updated ${u.id}: ${u.fields.join(', ')}`);
    if (s.missing.length > 0) {
      out.push(
        `  No file any more (left in the state, not deleted): ${s.missing.map((m) => `${m.id} (${m.state})`).join(', ')}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('plan')
    .description(
      'Check the config and every task file; show the dependency waves, which tasks can run together and any overlap in owned paths; load the tasks into the state.',
    )
    .option('--json', 'print the plan, problems and state changes as JSON')
    .addHelpText(
      'after',
      '\nExits with 3 when there are errors (each printed as file:line: field: problem — what to write).\n\nExample:\n  grove plan\n  grove plan --json | jq .waves',
    )
    .action(async (opts: { json?: boolean }) => {
      const paths = await findProjectPaths(process.cwd());
      const plan = await planProject(paths);
      if (opts.json) {
        const tasks = plan.tasks.map((t) => ({
          id: t.id,
          title: t.title,
          file: t.file,
          agent: t.agent ?? null,
          depends_on: t.depends_on,
          owns: t.owns,
          priority: t.priority,
          wave: plan.waves.findIndex((w) => w.includes(t.id)) + 1 || null,
        }));
        const { errors, warnings, waves, blocked, sync } = plan;
        emit(
          { ok: errors.length === 0, tasks, waves, blocked, errors, warnings, sync: sync ?? null },
          { json: true, human: () => '' },
        );
      } else {
        emit(plan, { json: false, human: renderPlan });
      }
      if (plan.errors.length > 0) process.exitCode = EXIT_CODES.TASK_INVALID;
    });
}
