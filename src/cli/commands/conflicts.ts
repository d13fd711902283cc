import type { Command } from 'commander';
import type { ConflictReport } from '../../app/conflicts/index.js';
import { openForConflicts, predictConflicts } from '../../app/conflicts/index.js';
import { emit } from '../output/emit.js';

function render(r: ConflictReport): string {
  const lines: string[] = [];
  const n = r.tasks.length;
  lines.push(
    `${r.base.name} @ ${r.base.oid.slice(0, 8)} · ${n} active task branch${n === 1 ? '' : 'es'} · ${r.checked} merge${r.checked === 1 ? '' : 's'} checked${r.provedClean > 0 ? ` (${r.provedClean} more pair${r.provedClean === 1 ? '' : 's'} clean: disjoint paths from the same fork)` : ''} in ${Math.round(r.durationMs)} ms (merge-tree ${Math.round(r.mergeTreeMs)} ms${r.cached > 0 ? `, ${r.cached} remembered from an earlier check` : ''})`,
  );
  if (r.snapshots.length > 0) lines.push(`uncommitted work included for: ${r.snapshots.join(', ')}`);
  const isNew = (a: string, b: string): string =>
    r.added.some((p) => p.a === a && p.b === b) ? '  (new)' : '';
  for (const p of r.pairs) lines.push(`conflict  ${p.a} ↔ ${p.b}: ${p.files.join(', ')}${isNew(p.a, p.b)}`);
  for (const p of r.againstBase)
    lines.push(
      `conflict  ${p.task} ↔ ${r.base.name} (the base): ${p.files.join(', ')}${isNew(p.task, r.base.name)}`,
    );
  for (const p of r.resolved) lines.push(`resolved  ${p.a} ↔ ${p.b} no longer conflict`);
  for (const p of r.moved)
    lines.push(`moved     ${p.a} ↔ ${p.b}: one of them landed; the other now conflicts with ${r.base.name}`);
  for (const p of r.problems) lines.push(`problem   ${p.task}: ${p.message}`);
  if (r.pairs.length === 0 && r.againstBase.length === 0) {
    lines.push(n === 0 ? 'no active task branches to check' : 'no conflicts predicted');
  }
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('conflicts')
    .description(
      'Predict merge conflicts between every pair of active task branches, and each against the base, with `git merge-tree --stdin` (a merge of the same two commits is remembered between checks; uncommitted work included without touching the worktrees); new conflicts notify the lead.',
    )
    .option('--committed-only', 'ignore uncommitted work in the worktrees')
    .option('--json', 'print the matrix as JSON')
    .addHelpText('after', '\nExamples:\n  grove conflicts\n  grove conflicts --json | jq .pairs')
    .action(async (opts: { committedOnly?: boolean; json?: boolean }) => {
      const ctx = await openForConflicts(process.cwd());
      try {
        const report = await predictConflicts(ctx, { uncommitted: opts.committedOnly !== true });
        emit(report, { json: opts.json, pretty: true, human: render });
      } finally {
        ctx.close();
      }
    });
}
