import type { Command } from 'commander';
import { formatCost } from '../../shared/cost-format.js';
import { openProject } from '../../app/context.js';
import type { ReviewView } from '../../app/review/review-view.js';
import { buildReviewView, waitingForReview } from '../../app/review/review-view.js';
import { pageText } from '../../app/review/page.js';
import type { Interdiff } from '../../app/review/interdiff.js';
import { changesSinceLastReview } from '../../app/review/interdiff.js';
import { GroveError } from '../../shared/errors.js';
import { emit } from '../output/emit.js';
import { requireKnownTasks } from '../known-tasks.js';
import { formatPlanReview } from './review-plan.js';

function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : `${by}${l}`))
    .join('\n');
}

/** Everything before the diff, in the order a reviewer reads it. */
function formatReviewHead(v: ReviewView): string {
  const out: string[] = [];
  out.push(`${v.id}: ${v.title}  [${v.state}]`);
  out.push(
    `  ${v.branch} at ${v.tip.slice(0, 8)}, against ${v.base} (merge base ${v.mergeBase.slice(0, 8)})`,
  );
  if (v.verifiedCommit !== v.tip) {
    out.push(
      `  note: its gates passed on ${v.verifiedCommit?.slice(0, 8) ?? 'no commit'}, not on the tip: approving sends it back to its gates`,
    );
  }
  out.push('', `Goal and acceptance criteria${v.spec.file ? ` (${v.spec.file})` : ''}:`);
  out.push(indent(v.spec.body || '(the spec has no text)'));
  if (v.spec.accept.length) out.push('  acceptance commands:', ...v.spec.accept.map((a) => `    ${a}`));
  out.push('', 'Gates (on the commit under review):');
  if (v.gates.length === 0) out.push('  (no gate ran on this commit)');
  for (const g of v.gates) {
    out.push(
      `  ${g.ok ? 'pass' : 'FAIL'}  ${g.gate}  ${g.command}  (exit ${g.exitCode ?? '-'}, ${(g.durationMs / 1000).toFixed(1)} s)`,
    );
    const evidence = g.outputTail.trim().split('\n').slice(-5).join('\n');
    if (evidence) out.push(indent(evidence, '        '));
    if (g.outputPath) out.push(`        log: ${g.outputPath}`);
  }
  out.push('', "The agent's summary:", indent(v.summary ?? '(none reported)'));
  const planApproved = v.reviews.some((r) => r.subject === 'plan' && r.verdict === 'approved' && !r.void);
  if (v.plan && planApproved) {
    out.push('', 'The plan it was approved to implement (agent_plan):', indent(v.plan.text));
  }
  out.push('', `Scope: owns ${v.scope.owns.join(', ') || '(nothing)'}`);
  for (const f of v.scope.files) {
    const stat = f.binary ? 'binary' : `+${f.added ?? 0} -${f.deleted ?? 0}`;
    out.push(`  ${f.path}  ${stat}${v.scope.outside.includes(f.path) ? '  (outside its owns)' : ''}`);
  }
  out.push(
    '',
    `Tokens: ${v.usage.tokens} (${v.usage.input} in, ${v.usage.output} out); cost ${formatCost(v.usage.costUsd, v.usage.costUnknown)}`,
  );
  out.push('', 'Predicted conflicts with other branches:');
  if (v.conflicts.length === 0) out.push('  none');
  for (const c of v.conflicts) out.push(`  with ${c.with}: ${c.files.join(', ')}`);
  if (v.bestOf) {
    const b = v.bestOf;
    out.push(
      '',
      `Best of ${b.attempts.length} (${b.group})${b.ranked ? '' : ': not ranked yet, attempts still run'}:`,
    );
    for (const a of b.attempts) {
      const mark = a.id === v.id ? '> ' : '  ';
      const pick = a.id === b.pick ? ' [grove’s pick]' : '';
      out.push(`${mark}${a.rank ?? '-'}. ${a.id} (${a.state})${pick}${a.why ? `: ${a.why}` : ''}`);
    }
    out.push(
      `  approve the one to keep (the others are given up, their branches kept as refs/grove/best-of/${b.group}/…)`,
    );
  }
  const earlier = v.reviews.filter((r) => r.verdict === 'changes-requested').length;
  if (v.reviews.length) {
    out.push('', `Earlier reviews (${earlier} round(s) of changes):`);
    for (const r of v.reviews)
      out.push(
        `  ${r.verdict} at ${r.commit.slice(0, 8)} by ${r.by}${r.void ? ' (void)' : ''}: ${r.message}`,
      );
  }
  out.push(
    '',
    `Next: grove approve ${v.id}, or grove request-changes ${v.id} -m "…" [--file PATH --line N]`,
    '',
    `Diff ${v.mergeBase.slice(0, 8)}..${v.tip.slice(0, 8)}:`,
    '',
  );
  return out.join('\n');
}

/** What `--since-last` prints before the interdiff. */
function formatSinceHead(task: string, since: Extract<Interdiff, { kind: 'interdiff' }>): string {
  const out = [
    `${task}: changes since your last review (${since.review.verdict} by ${since.review.by} at ${since.reviewed.slice(0, 8)}), now at ${since.tip.slice(0, 8)}`,
  ];
  if (since.note) out.push(`  note: ${since.note}`);
  out.push(
    since.files.length === 0
      ? '  nothing changed since then'
      : `  ${since.files.length} file(s): ${since.files.join(', ')}`,
    '',
  );
  return `${out.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('review')
    .description(
      "Without a task: what waits for your review, oldest first. With one: the spec's goal and acceptance criteria, the gates with evidence, the agent's summary, scope, tokens and cost, predicted conflicts, then the diff against the merge base (through your pager on a terminal).",
    )
    .argument('[task]', 'the task to review')
    .option(
      '--since-last',
      'only the changes since your last review of the task (across fix iterations; never the base’s changes)',
    )
    .option('--json', 'print the list or the review as JSON (the diff as text in `diff`)')
    .addHelpText(
      'after',
      '\nExamples:\n  grove review\n  grove review add-login\n  grove review add-login --since-last\n  grove review add-login --json\n  GROVE_PAGER=cat grove review add-login',
    )
    .action(async (task: string | undefined, opts: { json?: boolean; sinceLast?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        if (task === undefined) {
          const now = ctx.now();
          emit(waitingForReview(ctx), {
            json: opts.json,
            pretty: true,
            human: (list) =>
              list.length === 0
                ? 'nothing waits for review'
                : [
                    `${list.length} task(s) wait for review, oldest first:`,
                    ...list.map(
                      (w) =>
                        `  ${w.id}  ${w.title}${w.subject === 'plan' ? '  [plan]' : ''}  (waiting ${Math.max(0, Math.round((now - w.since) / 60_000))} min)  → grove review ${w.id}`,
                    ),
                  ].join('\n'),
          });
          return;
        }
        requireKnownTasks(ctx, [task]);
        if (opts.sinceLast) {
          const since = await changesSinceLastReview(ctx, task);
          if (since.kind === 'none') {
            throw new GroveError('STATE_INVALID', `no changes since the last review: ${since.reason}`, {
              hint: `the whole review: grove review ${task}`,
            });
          }
          if (opts.json) return emit(since, { json: true, pretty: true, human: () => '' });
          const text = `${formatSinceHead(task, since)}${since.patch}`;
          if (process.stdout.isTTY && (await pageText(text))) return;
          process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
          return;
        }
        const view = await buildReviewView(ctx, task);
        if (opts.json) return emit(view, { json: true, pretty: true, human: () => '' });
        const text =
          view.subject === 'plan' ? formatPlanReview(view) : `${formatReviewHead(view)}${view.diff}`;
        if (process.stdout.isTTY && (await pageText(text))) return;
        process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      } finally {
        ctx.close();
      }
    });
}
