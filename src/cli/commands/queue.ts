import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { nextWindowLine, queueSnapshot } from '../../app/queue/index.js';
import { emit } from '../output/emit.js';

const short = (oid: string | null | undefined): string => (oid ? oid.slice(0, 8) : '-');

export function register(program: Command): void {
  program
    .command('queue')
    .description(
      'Show the merge queue: tasks waiting and under test, the speculative window, recent results and rounds.',
    )
    .option('--json', 'print the queue as JSON')
    .addHelpText('after', '\nExamples:\n  grove queue\n  grove queue --json | jq .open')
    .action(async (opts: { json?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        const s = queueSnapshot(ctx.stores.queue, { journal: ctx.stores.journal });
        if (opts.json) return emit(s, { json: true, pretty: true, human: () => '' });
        const lines: string[] = [];
        lines.push(
          `${nextWindowLine(ctx.config, ctx.stores.queue)} · method ${ctx.config.queue.method}${s.bisecting ? ` · bisecting a failing batch of ${s.bisecting}` : ''}`,
        );
        if (s.held) lines.push(s.held);
        if (s.open.length === 0) lines.push('nothing waiting');
        s.open.forEach((e, i) =>
          lines.push(`${String(i + 1).padStart(3)}. ${e.task_id.padEnd(20)} ${e.status}`),
        );
        if (s.history.length > 0) lines.push('recent:');
        for (const e of s.history.slice(0, 10)) {
          lines.push(
            `     ${e.task_id.padEnd(20)} ${(e.result ?? e.status).padEnd(12)} ${short(e.commit_oid)} ${e.detail ?? ''}`.trimEnd(),
          );
        }
        const last = s.rounds.at(-1);
        if (last) {
          const c = last.candidates
            .map((x) => `${x.size}:${x.outcome}${x.reused ? ` (reused from ${x.reused})` : ''}`)
            .join(' ');
          lines.push(
            `last round #${last.id}: window ${last.window}, candidates ${c}, base ${short(last.baseBefore)} → ${short(last.baseAfter)}${last.note ? ` (${last.note})` : ''}`,
          );
        }
        emit(s, { json: false, human: () => lines.join('\n') });
      } finally {
        ctx.close();
      }
    });
}
