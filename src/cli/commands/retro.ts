import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { listProposals } from '../../app/compound/proposals.js';
import type { RetroApplied } from '../../app/compound/retro.js';
import { openProject } from '../../app/context.js';
import type { LearningDecision } from '../../app/task-commands/index.js';
import { decideLearnings } from '../../app/task-commands/index.js';
import type { LearningProposal } from '../../core/learnings/index.js';
import { GroveError } from '../../shared/errors.js';

interface RetroOptions {
  json?: boolean;
  accept?: string[];
  reject?: string[];
  edit?: string;
  entry?: string;
  commit?: boolean;
}

/** The decisions given as options (for scripts), or undefined when none were given. */
function decisionsFromOptions(
  opts: RetroOptions,
): Array<{ id: string; decision: LearningDecision }> | undefined {
  if (opts.entry !== undefined && opts.edit === undefined)
    throw new GroveError('USAGE', '--entry goes with --edit <id>', {
      hint: 'grove retro --edit L1a2b3c4d --entry "the lesson in your words"',
    });
  if (opts.edit !== undefined && opts.entry === undefined)
    throw new GroveError('USAGE', `--edit ${opts.edit} needs the new text in --entry`, {
      hint: `grove retro --edit ${opts.edit} --entry "the lesson in your words"`,
    });
  if (!opts.accept && !opts.reject && opts.edit === undefined) return undefined;
  return [
    ...(opts.reject ?? []).map((id) => ({ id, decision: { kind: 'reject' } as const })),
    ...(opts.accept ?? []).map((id) => ({ id, decision: { kind: 'accept' } as const })),
    ...(opts.edit !== undefined
      ? [{ id: opts.edit, decision: { kind: 'accept', entry: opts.entry } as const }]
      : []),
  ];
}

function describe(p: LearningProposal): string {
  const evidence = p.evidence
    .map((e) => {
      const detail = [e.commit, e.files?.length ? e.files.join(', ') : undefined, e.stat]
        .filter(Boolean)
        .join('; ');
      return `${e.task} (${e.source}${detail ? `: ${detail}` : ''})`;
    })
    .join('; ');
  return `${p.id}  [${p.section}]  ${p.entry}\n    evidence: ${evidence}`;
}

function readKey(): Promise<string> {
  return new Promise((resolve) => {
    process.stdin.setRawMode(true);
    process.stdin.resume();
    process.stdin.once('data', (b: Buffer) => {
      process.stdin.setRawMode(false);
      process.stdin.pause();
      resolve(b.toString('utf8').toLowerCase());
    });
  });
}

/** One key per proposal: a)ccept e)dit r)eject s)kip q)uit. */
async function review(
  pending: LearningProposal[],
): Promise<Array<{ id: string; decision: LearningDecision }>> {
  const decisions: Array<{ id: string; decision: LearningDecision }> = [];
  for (const p of pending) {
    process.stdout.write(`\n${describe(p)}\n  a)ccept  e)dit  r)eject  s)kip  q)uit > `);
    const key = await readKey();
    process.stdout.write(`${key.trim()}\n`);
    if (key === 'q' || key === '\u0003') break;
    if (key === 'a') decisions.push({ id: p.id, decision: { kind: 'accept' } });
    else if (key === 'r') decisions.push({ id: p.id, decision: { kind: 'reject' } });
    else if (key === 'e') {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      const text = (await rl.question('  new entry: ')).trim();
      rl.close();
      if (text !== '') decisions.push({ id: p.id, decision: { kind: 'accept', entry: text } });
    }
  }
  return decisions;
}

function printApplied(applied: RetroApplied): void {
  if (applied.inserted.length === 0) process.stdout.write('AGENTS.md unchanged\n');
  else
    process.stdout.write(
      `--- a/AGENTS.md\n+++ b/AGENTS.md\n${applied.inserted.map((l) => `@@ +${l.line} @@\n+${l.text}`).join('\n')}\n`,
    );
  if (applied.claudeImportAdded)
    process.stdout.write('--- a/CLAUDE.md\n+++ b/CLAUDE.md\n+@AGENTS.md  (Claude Code reads CLAUDE.md)\n');
  if (applied.committed) process.stdout.write('committed\n');
  else if (applied.inserted.length > 0) process.stdout.write('not committed (use --commit)\n');
}

export function register(program: Command): void {
  program
    .command('retro')
    .description(
      "Review the cycle's learning proposals; accepted ones become short bullets in AGENTS.md under their section (nothing else in the file changes).",
    )
    .option('--json', 'list the proposals as JSON')
    .option('--accept <ids...>', 'accept these proposals (for scripts)')
    .option('--reject <ids...>', 'reject these proposals (for scripts)')
    .option('--edit <id>', 'accept this proposal with the text in --entry (for scripts)')
    .option('--entry <text>', 'the edited entry for --edit')
    .option('--commit', 'commit AGENTS.md (and CLAUDE.md) after writing')
    .addHelpText(
      'after',
      '\nExamples:\n  grove retro                       # one key per proposal: a/e/r/s/q\n  grove retro --json\n  grove retro --accept L1a2b3c4d --commit\n  grove retro --edit L1a2b3c4d --entry "Pad cents with toFixed(2)"',
    )
    .action(async (opts: RetroOptions) => {
      const ctx = await openProject(process.cwd());
      try {
        const proposals = await listProposals(ctx, { gather: true });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(proposals, null, 2)}\n`);
          return;
        }
        const pending = proposals.filter((p) => p.status === 'proposed');
        let decisions = decisionsFromOptions(opts);
        if (!decisions && process.stdin.isTTY && pending.length > 0) decisions = await review(pending);
        if (!decisions) {
          if (pending.length === 0) process.stdout.write('no learning proposals to review\n');
          for (const p of pending) process.stdout.write(`${describe(p)}\n`);
          if (pending.length > 0)
            process.stdout.write('\naccept or reject with `grove retro --accept ID… --reject ID…`\n');
          return;
        }
        const outcome = await decideLearnings(ctx, decisions, 'cli', { commit: opts.commit === true });
        if (outcome.kind === 'refused')
          throw new GroveError(outcome.code, outcome.message, outcome.hint ? { hint: outcome.hint } : {});
        printApplied(outcome.applied);
      } finally {
        ctx.close();
      }
    });
}
