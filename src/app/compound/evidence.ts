// A learning proposal's evidence, one step away (`grove retro --show ID`, the dashboard's Learnings
// page): what each piece of evidence points at, read back from the stores and git — the failing gate run
// and its output and the fix's diff lines for a fix loop, the reviewer's comment with the quoted code,
// the agent's own summary, the person's note, the files outside the task's owns.
import type { LearningEvidence, LearningProposal } from '../../core/learnings/index.js';
import { stripAnsi } from '../../core/text.js';
import { git } from '../../infra/git/exec.js';
import type { ProjectContext } from '../context.js';

export interface EvidenceDetail {
  task: string;
  source: string;
  /** One line: what this is ("gate test failed (exit 1)", "review comment on src/a.ts:3"). */
  title: string;
  /** The text itself: output, diff lines, the comment. */
  text: string;
}

type EvidenceContext = Pick<ProjectContext, 'paths' | 'stores'>;

const MAX_LINES = 40;

function lastLines(text: string, n = MAX_LINES): string {
  const lines = stripAnsi(text).trimEnd().split('\n');
  return (lines.length > n ? ['…', ...lines.slice(-n)] : lines).join('\n');
}

function firstLines(text: string, n = MAX_LINES): string {
  const lines = text.trimEnd().split('\n');
  return (lines.length > n ? [...lines.slice(0, n), `… (${lines.length - n} more lines)`] : lines).join('\n');
}

async function fixLoop(ctx: EvidenceContext, e: LearningEvidence): Promise<EvidenceDetail[]> {
  const out: EvidenceDetail[] = [];
  const runs = ctx.stores.gates.listForTask(e.task);
  const failedAt = runs.findIndex((g) => !g.ok);
  const run = runs[failedAt];
  if (!run) return out;
  out.push({
    task: e.task,
    source: e.source,
    title: `gate ${run.gate} failed (exit ${run.exit_code ?? '-'}): ${run.command}`,
    text: lastLines(run.output_tail),
  });
  // The fix: the commit the proposal names, else what changed from the failing run's commit to the
  // next passing run of the same gate.
  const passed = runs.slice(failedAt + 1).find((g) => g.gate === run.gate && g.ok);
  const range = e.commit
    ? ['show', '--no-color', '--format=%h %s', e.commit]
    : run.commit_sha && passed?.commit_sha
      ? ['diff', '--no-color', run.commit_sha, passed.commit_sha]
      : undefined;
  if (!range) return out;
  const diff = await git(
    ctx.paths.mainRoot,
    ['-c', 'core.quotePath=false', ...range, '--', ...(e.files ?? [])],
    {
      okCodes: [0, 128],
    },
  );
  const label = e.commit
    ? e.commit.slice(0, 8)
    : `${run.commit_sha!.slice(0, 8)}..${passed!.commit_sha!.slice(0, 8)}`;
  out.push({
    task: e.task,
    source: e.source,
    title: `the fix ${label}${e.stat ? ` (${e.stat})` : ''}`,
    text: diff.code === 0 ? firstLines(diff.stdout) : `${label} is no longer in the repository`,
  });
  return out;
}

function reviewComments(ctx: EvidenceContext, e: LearningEvidence, entry: string): EvidenceDetail[] {
  const notes = ctx.stores.journal.forTask(e.task, ['note']).filter((n) => n.data.review !== undefined);
  const note = notes.find((n) => entry.includes(n.data.text.slice(0, 40))) ?? notes.at(-1);
  const review = note?.data.review;
  if (!review) return [];
  const comment = ctx.stores.reviews
    .comments(review.reviewId)
    .find((c) => c.file === review.file && c.line === review.line);
  const where = review.file ? ` on ${review.file}${review.line ? `:${review.line}` : ''}` : '';
  return [
    {
      task: e.task,
      source: e.source,
      title: `review comment${where}`,
      text: comment ? `> ${comment.quoted}\n${comment.text}` : (note?.data.text ?? ''),
    },
  ];
}

function agentSummaries(ctx: EvidenceContext, e: LearningEvidence): EvidenceDetail[] {
  return ctx.stores.attempts.listForTask(e.task).flatMap((a) => {
    const finished = ctx.stores.agentEvents.latestOfKind(a.id, 'finished');
    const result = finished?.event.kind === 'finished' ? finished.event.result : undefined;
    return result
      ? [
          {
            task: e.task,
            source: e.source,
            title: `attempt ${a.n} (${a.agent}) reported`,
            text: firstLines(result),
          },
        ]
      : [];
  });
}

export async function evidenceOf(
  ctx: EvidenceContext,
  proposal: LearningProposal,
): Promise<EvidenceDetail[]> {
  const details: EvidenceDetail[] = [];
  for (const e of proposal.evidence) {
    if (e.source === 'fix-loop') details.push(...(await fixLoop(ctx, e)));
    else if (e.source === 'review') details.push(...reviewComments(ctx, e, proposal.entry));
    else if (e.source === 'agent') details.push(...agentSummaries(ctx, e));
    else if (e.source === 'human') {
      const notes = ctx.stores.journal.forTask(e.task, ['note']).filter((n) => n.data.review === undefined);
      for (const n of notes)
        details.push({ task: e.task, source: e.source, title: 'a note (grove note)', text: n.data.text });
    } else if (e.source === 'stuck') {
      const run = ctx.stores.gates
        .listForTask(e.task)
        .filter((g) => !g.ok)
        .at(-1);
      if (run)
        details.push({
          task: e.task,
          source: e.source,
          title: `the failure it was stuck on: gate ${run.gate}`,
          text: lastLines(run.output_tail),
        });
    } else if (e.source === 'conflict') {
      for (const run of ctx.stores.gates.listForTask(e.task).filter((g) => g.gate === 'merge' && !g.ok)) {
        details.push({
          task: e.task,
          source: e.source,
          title: `the merge queue: ${run.command}`,
          text: run.output_tail,
        });
      }
    } else if (e.source === 'scope-approved') {
      for (const a of ctx.stores.journal.forTask(e.task, ['scope-approval'])) {
        details.push({
          task: e.task,
          source: e.source,
          title: `scope approved by ${a.data.by}`,
          text: a.data.paths.join('\n'),
        });
      }
    } else if (e.source === 'reflection') {
      for (const r of ctx.stores.journal.forTask(e.task, ['reflection'])) {
        if (r.data.outcome !== 'rule') continue;
        details.push({
          task: e.task,
          source: e.source,
          title: `attempt ${r.data.n} (${r.data.agent}) reflected at the end of the task`,
          text: firstLines(r.data.words ?? r.data.rule ?? ''),
        });
      }
    } else if (e.source === 'scope-violation') {
      details.push({
        task: e.task,
        source: e.source,
        title: 'files changed outside its owns',
        text: (e.files ?? []).join('\n'),
      });
    }
  }
  return details;
}
