import type { Command } from 'commander';
import type { PlanResult } from '../../app/plan-project.js';
import { planProject } from '../../app/plan-project.js';
import { formatProblem } from '../../shared/errors.js';
import { findProjectPaths } from '../../app/project-paths.js';
import { emit } from '../output/emit.js';
import { EXIT_CODES } from '../handle-error.js';
import { approvalLines, approvalTag, planApprovalJson } from '../output/plan-approval.js';
import { describeTaskBudget } from '../../app/run/spend-status.js';

/** "  [budget 180k tokens (role frontend)]" for a task whose budget is not the plain default. */
function budgetTag(plan: PlanResult, id: string): string {
  const b = plan.budgets?.[id];
  if (!b || (b.tokensFrom === 'default' && b.usd === null)) return '';
  return `  [budget ${describeTaskBudget(b)}]`;
}

const list = (ids: readonly string[]): string =>
  ids.length <= 1 ? (ids[0] ?? '') : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`;

/** The heading's note: who runs together, and (run_overlapping off) who waits for whom. */
function waveNote(plan: PlanResult, wave: readonly string[]): string {
  if (wave.length < 2) return '';
  const turns = plan.turns;
  if (!turns || !wave.some((id) => turns.after[id])) return ' (these can run together)';
  if (new Set(wave.map((id) => turns.turn[id])).size === wave.length)
    return ' (one after another: they own the same paths)';
  return ' (these can run together, except the ones that own the same paths: in turn)';
}

/** "In turn: a, then b and c (both own src/utils.ts): …" for the overlapping tasks of one wave. */
function inTurnLine(turns: NonNullable<PlanResult['turns']>, order: readonly string[]): string | undefined {
  const involved = new Set<string>();
  const shared = new Set<string>();
  for (const id of order) {
    for (const a of turns.after[id] ?? []) {
      involved.add(id).add(a.id);
      shared.add(a.shared);
    }
  }
  if (involved.size === 0) return undefined;
  const groups: string[][] = [];
  for (const id of order.filter((i) => involved.has(i))) {
    const t = turns.turn[id] ?? 0;
    const last = groups.at(-1);
    if (last && turns.turn[last[0]!] === t) last.push(id);
    else groups.push([id]);
  }
  const sequence = groups.map((g) => list(g)).join(', then ');
  const then =
    involved.size === 2
      ? 'the second starts once the first is merged, from a base that contains it'
      : 'each starts once the ones before it are merged, from a base that contains them';
  return `  In turn: ${sequence} (${involved.size === 2 ? 'both' : 'they'} own ${[...shared].join('; ')}): ${then}.`;
}

function renderPlan(plan: PlanResult & { approving: boolean }): string {
  const out: string[] = [];
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  out.push(
    `grove plan: ${plan.tasks.length} task${plan.tasks.length === 1 ? '' : 's'} in ${plan.waves.length} wave${plan.waves.length === 1 ? '' : 's'}`,
  );
  const turns = plan.turns;
  plan.waves.forEach((wave, i) => {
    out.push('', `Wave ${i + 1}${waveNote(plan, wave)}:`);
    const order = turns?.order[i] ?? wave;
    for (const id of order) {
      const t = byId.get(id);
      const notes: string[] = [];
      if (t && t.depends_on.length > 0) notes.push(`after ${t.depends_on.join(', ')}`);
      const waitsFor = turns?.after[id] ?? [];
      if (waitsFor.length > 0)
        notes.push(`once ${list(waitsFor.map((w) => w.id))} ${waitsFor.length === 1 ? 'is' : 'are'} merged`);
      out.push(
        `  ${id}  ${t?.title ?? ''}${notes.length > 0 ? `  ← ${notes.join('; ')}` : ''}${budgetTag(plan, id)}${approvalTag(plan, id)}`,
      );
    }
    const line = turns && inTurnLine(turns, order);
    if (line) out.push(line);
  });
  if (turns && turns.acrossWaves.length > 0) {
    out.push(
      '',
      'Own the same paths, in different waves (never at the same time: whichever starts first is merged before the other starts):',
    );
    for (const o of turns.acrossWaves) out.push(`  ${o.a} and ${o.b} (both own ${o.shared})`);
  }
  if (plan.blocked.length > 0)
    out.push('', `Cannot be ordered (dependency cycle): ${plan.blocked.join(', ')}`);
  if (plan.warnings.length > 0) {
    out.push('', `Warnings (${plan.warnings.length}):`, ...plan.warnings.map((p) => `  ${formatProblem(p)}`));
  }
  if (plan.specReview.length > 0) {
    out.push(
      '',
      `Spec review: ${plan.specReview.length} suggestion${plan.specReview.length === 1 ? '' : 's'} (the plan runs as it is; better specs make better work):`,
      ...plan.specReview.map((p) => `  ${formatProblem(p)}`),
    );
  }
  if (plan.errors.length > 0) {
    out.push('', `Errors (${plan.errors.length}):`, ...plan.errors.map((p) => `  ${formatProblem(p)}`));
    out.push('', 'The state was not updated: fix the errors and run `grove plan` again.');
    if (plan.approving) out.push('Nothing was approved.');
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
    out.push(...approvalLines(plan));
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
    .option(
      '--approve',
      'approve the plan: record the hash of every task spec as it is now (config `review.plan: required`: no task starts before)',
    )
    .addHelpText(
      'after',
      '\nExits with 3 when there are errors (each printed as file:line: field: problem — what to write); with --approve, nothing is approved then.\n\nExample:\n  grove plan\n  grove plan --approve\n  grove plan --json | jq .waves',
    )
    .action(async (opts: { json?: boolean; approve?: boolean }) => {
      const paths = await findProjectPaths(process.cwd());
      const plan = await planProject(paths, opts.approve ? { approve: 'cli' } : {});
      if (opts.json) {
        const tasks = plan.tasks.map((t) => ({
          id: t.id,
          title: t.title,
          file: t.file,
          agent: t.agent ?? null,
          depends_on: t.depends_on,
          owns: t.owns,
          priority: t.priority,
          role: t.role ?? null,
          // Its own budget, else its role's, else the default (with where each figure came from).
          budget: plan.budgets?.[t.id] ?? null,
          wave: plan.waves.findIndex((w) => w.includes(t.id)) + 1 || null,
          // run_overlapping off: the overlapping tasks of its wave it starts after (once they are merged).
          starts_after: plan.turns?.after[t.id]?.map((a) => a.id) ?? [],
        }));
        const { errors, warnings, waves, blocked, sync, runOverlapping, overlaps, turns } = plan;
        emit(
          {
            ok: errors.length === 0,
            tasks,
            waves,
            // Each wave in the order its tasks start (run_overlapping off: overlapping ones in turn).
            order: turns?.order ?? waves,
            run_overlapping: runOverlapping,
            overlaps: overlaps.map((o) => ({ ...o, in_turn: !runOverlapping })),
            blocked,
            errors,
            warnings,
            spec_review: plan.specReview,
            sync: sync ?? null,
            ...planApprovalJson(plan),
          },
          { json: true, human: () => '' },
        );
      } else {
        emit({ ...plan, approving: opts.approve === true }, { json: false, human: renderPlan });
      }
      if (plan.errors.length > 0) process.exitCode = EXIT_CODES.TASK_INVALID;
      else if (plan.approved?.kind === 'refused') process.exitCode = EXIT_CODES[plan.approved.code];
    });
}
