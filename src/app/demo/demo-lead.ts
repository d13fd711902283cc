// The demo's lead: with review required (templates/demo/.grove/config.yaml), `grove demo` plays the
// person grove waits for, through the same task commands the CLI and the dashboard use. Each time the
// loop settles it does what a lead would: approve the plan, comment on one line of one task (the scripted
// agent addresses it), look at just what changed since that review, and approve the rest.
import type { ProjectContext } from '../context.js';
import { changesSinceLastReview } from '../review/interdiff.js';
import { bestOfRanking } from '../run/best-of.js';
import { reviewDiff, reviewTarget } from '../review/target.js';
import { parseNewSideLines } from '../../core/review/index.js';
import {
  acceptLearning,
  approvePlan,
  approveTask,
  rejectLearning,
  requestChanges,
} from '../task-commands/index.js';

/** The one line comment the demo makes: the scripted receipt task answers it (on_prompt). */
export const DEMO_COMMENT = {
  task: 'receipt',
  file: 'src/receipt.js',
  /** The line commented on: found by its text, so the demo does not depend on a line number. */
  lineText: '/** One `name ×qty` line per cart line. */',
  text: 'Say what qty is: the quantity of the item, as a whole number.',
} as const;

/** What the lead did, in the order it did it (the demo prints each and checks them). */
export type LeadMove =
  | { kind: 'approve-plan'; specs: number; line: string }
  | { kind: 'request-changes'; task: string; file: string; lineNo: number; line: string }
  | { kind: 're-review'; task: string; files: string[]; changedLines: number; line: string }
  | { kind: 'approve'; task: string; commit: string; line: string }
  | { kind: 'pick-best-of'; group: string; task: string; attempts: number; line: string }
  | { kind: 'accept-lesson'; id: string; entry: string; line: string }
  | { kind: 'reject-lesson'; id: string; entry: string; line: string }
  | { kind: 'next-cycle'; tasks: string[]; line: string }
  | { kind: 'refused'; task: string | null; line: string };

export class DemoLead {
  readonly moves: LeadMove[] = [];

  constructor(
    private readonly ctx: ProjectContext,
    /** Comment on DEMO_COMMENT's line (the scripted agent's sample); a real agent is only approved. */
    private readonly comment: boolean,
    private readonly say: (move: LeadMove) => void,
  ) {}

  /** One round of the lead's work on the cycle's tasks; false when nothing waited for the lead. */
  async act(taskIds: readonly string[]): Promise<boolean> {
    let acted = false;
    if (this.ctx.config.review.plan === 'required') acted = (await this.approvePlan()) || acted;
    if (this.ctx.config.review.code === 'required') {
      for (const id of this.waitingForReview(taskIds)) acted = (await this.review(id)) || acted;
    }
    return acted;
  }

  /**
   * The lead's few minutes of `grove retro` between cycles: an agent's, a reviewer's or a person's own
   * lesson goes into AGENTS.md, committed so the next cycle's worktrees have it; a lesson grove drew from
   * a fix loop is rejected when one from the same task was accepted (it says the same less precisely),
   * and accepted otherwise.
   */
  async curateLessons(): Promise<void> {
    const pending = this.ctx.stores.learnings.list().filter((l) => l.status === 'proposed');
    const written = (p: (typeof pending)[number]): boolean =>
      p.evidence.some((e) => e.source === 'agent' || e.source === 'review' || e.source === 'human');
    const covered = new Set(pending.filter(written).flatMap((p) => p.evidence.map((e) => e.task)));
    for (const p of [...pending.filter(written), ...pending.filter((x) => !written(x))]) {
      const accept = written(p) || !p.evidence.every((e) => covered.has(e.task));
      const result = accept
        ? await acceptLearning(this.ctx, p.id, 'demo', { commit: true })
        : await rejectLearning(this.ctx, p.id, 'demo');
      if (result.kind === 'refused') {
        this.record({
          kind: 'refused',
          task: null,
          line: `lead: lesson ${p.id} not decided: ${result.message}`,
        });
        continue;
      }
      this.record(
        accept
          ? {
              kind: 'accept-lesson',
              id: p.id,
              entry: p.entry,
              line: `lead: accepted lesson ${p.id} into AGENTS.md ${p.section}: “${p.entry}” (grove retro --accept ${p.id} --commit)`,
            }
          : {
              kind: 'reject-lesson',
              id: p.id,
              entry: p.entry,
              line: `lead: rejected lesson ${p.id}, covered by the one accepted from the same task: “${p.entry}” (grove retro --reject ${p.id})`,
            },
      );
    }
  }

  /** The next cycle's plan is in the repository. */
  plannedNext(tasks: string[]): void {
    this.record({
      kind: 'next-cycle',
      tasks,
      line: `lead: planned the next cycle: ${tasks.join(', ') || '(no new task)'}`,
    });
  }

  private record(move: LeadMove): void {
    this.moves.push(move);
    this.say(move);
  }

  private async approvePlan(): Promise<boolean> {
    const result = await approvePlan(this.ctx, 'demo');
    if (result.kind === 'refused') {
      this.record({
        kind: 'refused',
        task: null,
        line: `lead: the plan was not approved: ${result.message}`,
      });
      return false;
    }
    if (!result.recorded) return false;
    const n = result.specs.length;
    this.record({
      kind: 'approve-plan',
      specs: n,
      line: `lead: read the plan and approved it — ${n} task specs (grove plan --approve)`,
    });
    return true;
  }

  /** Tasks in review, oldest first. */
  private waitingForReview(taskIds: readonly string[]): string[] {
    const tasks = this.ctx.stores.tasks;
    return taskIds
      .map((id) => tasks.require(id))
      .filter((t) => t.state === 'review')
      .sort((a, b) => a.updated_at - b.updated_at)
      .map((t) => t.id);
  }

  private async review(id: string): Promise<boolean> {
    const group = this.ctx.tasks.find((t) => t.id === id)?.bestOf?.group;
    if (group !== undefined) return this.reviewAttempt(group, id);
    const earlier = this.ctx.stores.reviews.listForTask(id).filter((r) => r.voided_at === null);
    if (earlier.length > 0) await this.reReview(id);
    else if (this.comment && id === DEMO_COMMENT.task) return this.requestChanges(id);
    return this.approve(id);
  }

  private async requestChanges(id: string): Promise<boolean> {
    const task = this.ctx.stores.tasks.require(id);
    const target = await reviewTarget(this.ctx, task);
    const lines = parseNewSideLines(await reviewDiff(this.ctx, target)).get(DEMO_COMMENT.file);
    const lineNo = [...(lines?.entries() ?? [])].find(([, text]) => text === DEMO_COMMENT.lineText)?.[0];
    if (lineNo === undefined) return this.approve(id); // the sample changed: nothing to comment on
    const result = await requestChanges(this.ctx, id, 'demo', {
      message: 'One comment before this lands.',
      comments: [{ file: DEMO_COMMENT.file, line: lineNo, text: DEMO_COMMENT.text }],
    });
    if (result.kind === 'refused') {
      this.record({ kind: 'refused', task: id, line: `lead: could not comment on ${id}: ${result.message}` });
      return false;
    }
    this.record({
      kind: 'request-changes',
      task: id,
      file: DEMO_COMMENT.file,
      lineNo,
      line: `lead: reviewed ${id} and commented on ${DEMO_COMMENT.file}:${lineNo} — “${DEMO_COMMENT.text}” (grove request-changes ${id} --file ${DEMO_COMMENT.file} --line ${lineNo})`,
    });
    return true;
  }

  /**
   * An attempt of a best-of task: the lead compares the attempts once grove has ranked them and keeps
   * grove's pick (approving it gives the others up); until then, and for the others, nothing to do.
   */
  private async reviewAttempt(group: string, id: string): Promise<boolean> {
    const ranking = bestOfRanking(this.ctx.stores, group);
    // grove's pick; when none passed, the attempt it sent to the fix loop, now back and passing.
    if (ranking === undefined || (ranking.pick ?? ranking.fix) !== id) return false;
    const pick = ranking.ranked.find((c) => c.id === id);
    const others = ranking.ranked.filter((c) => c.id !== id);
    this.record({
      kind: 'pick-best-of',
      group,
      task: id,
      attempts: ranking.ranked.length,
      line: `lead: compared ${group}'s ${ranking.ranked.length} attempts side by side and kept grove's pick ${id} (${pick?.why ?? 'ranked first'}); ${others.map((c) => `${c.id}: ${c.why}`).join('; ')}`,
    });
    return this.approve(id);
  }

  /** A task back in review: the lead reads only what changed since the last review. */
  private async reReview(id: string): Promise<void> {
    const since = await changesSinceLastReview(this.ctx, id);
    if (since.kind !== 'interdiff') return;
    const changed = since.patch.split('\n').filter((l) => /^[+-]/.test(l) && !/^(\+\+\+|---) /.test(l));
    const added = changed.filter((l) => l.startsWith('+')).length;
    this.record({
      kind: 're-review',
      task: id,
      files: since.files,
      changedLines: changed.length,
      line: `lead: ${id} is back — changes since the last review: ${since.files.join(', ') || 'none'} (+${added} −${changed.length - added})`,
    });
  }

  private async approve(id: string): Promise<boolean> {
    const result = await approveTask(this.ctx, id, 'demo');
    if (result.kind === 'refused') {
      this.record({ kind: 'refused', task: id, line: `lead: ${id} was not approved: ${result.message}` });
      return false;
    }
    const commit = 'commit' in result ? result.commit : '';
    this.record({
      kind: 'approve',
      task: id,
      commit,
      line: `lead: approved ${id} at ${commit.slice(0, 8)} (grove approve ${id})`,
    });
    return true;
  }
}
