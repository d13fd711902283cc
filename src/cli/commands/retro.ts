import type { Command } from 'commander';
import { listProposals } from '../../app/compound/proposals.js';
import type { RetroApplied } from '../../app/compound/retro.js';
import { openProject } from '../../app/context.js';
import type { LearningDecision } from '../../app/task-commands/index.js';
import { decideLearnings, mergeLearning, retireAgentsMdEntry } from '../../app/task-commands/index.js';
import type { LearningProposal } from '../../core/learnings/index.js';
import type { GroveErrorCode } from '../../shared/errors.js';
import { GroveError } from '../../shared/errors.js';
import type { ProjectContext } from '../../app/context.js';
import { readAgentsMd } from '../../app/compound/gather.js';
import { evidenceOf } from '../../app/compound/evidence.js';
import { agentsMdSize, describeSize, mayContradict } from '../../core/learnings/index.js';
import { ttyTerminal, walkProposals } from './retro-walk.js';

interface RetroOptions {
  json?: boolean;
  accept?: string[];
  reject?: string[];
  edit?: string;
  entry?: string;
  commit?: boolean;
  retire?: string;
  show?: string;
  merge?: string;
  into?: string;
}

/** The decisions given as options (for scripts), or undefined when none were given. */
function decisionsFromOptions(
  opts: RetroOptions,
): Array<{ id: string; decision: LearningDecision }> | undefined {
  if (opts.entry !== undefined && opts.edit === undefined && opts.merge === undefined)
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

function describe(p: LearningProposal, agentsMd = ''): string {
  const evidence = p.evidence
    .map((e) => {
      const detail = [e.commit, e.files?.length ? e.files.join(', ') : undefined, e.stat]
        .filter(Boolean)
        .join('; ');
      return `${e.task} (${e.source}${detail ? `: ${detail}` : ''})`;
    })
    .join('; ');
  const against = mayContradict(p.entry, agentsMd).map((e) => `\n    may contradict AGENTS.md: "${e}"`);
  return `${p.id}  [${p.section}]  ${p.entry}\n    evidence: ${evidence}${against.join('')}`;
}

/** Where AGENTS.md stands against config `agents_md`, and what to do when it is over. */
function sizeLines(ctx: ProjectContext, agentsMd: string): string[] {
  const size = agentsMdSize(agentsMd, {
    maxLines: ctx.config.agents_md.max_lines,
    maxEntriesPerSection: ctx.config.agents_md.max_entries_per_section,
  });
  const out = [describeSize(size)];
  for (const o of size.over) out.push(`  over budget: ${o}`);
  if (size.over.length > 0)
    out.push(
      '  keep it short: retire an entry (grove retro --retire "<entry>") or merge a proposal into one (grove retro --merge ID --into "<entry>" --entry "<merged text>")',
    );
  return out;
}

/** `--show ID`: the proposal and everything its evidence points at. */
async function show(ctx: ProjectContext, id: string, json: boolean): Promise<void> {
  const proposal = (await listProposals(ctx, { gather: true })).find((p) => p.id === id);
  if (!proposal)
    throw new GroveError('USAGE', `no learning proposal ${id}`, {
      hint: 'list them with `grove retro --json`',
    });
  const details = await evidenceOf(ctx, proposal);
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...proposal, details }, null, 2)}\n`);
    return;
  }
  const out = [describe(proposal, readAgentsMd(ctx)), ''];
  for (const d of details) out.push(`== ${d.task} (${d.source}): ${d.title}`, d.text, '');
  if (details.length === 0) out.push('(nothing more is stored for this evidence)');
  process.stdout.write(`${out.join('\n').trimEnd()}\n`);
}

/** `--merge ID --into ENTRY --entry TEXT`: the proposal accepted as TEXT, the entry it merges into retired. */
async function mergeInto(ctx: ProjectContext, opts: RetroOptions): Promise<void> {
  if (opts.into === undefined || opts.entry === undefined)
    throw new GroveError(
      'USAGE',
      `--merge ${opts.merge ?? ''} needs --into "<entry>" and --entry "<merged text>"`,
      {
        hint: 'grove retro --merge L1a2b3c4d --into "Use named exports" --entry "Use named exports, never default ones"',
      },
    );
  const outcome = await mergeLearning(ctx, opts.merge!, opts.into, opts.entry, 'cli', {
    commit: opts.commit === true,
  });
  if (outcome.kind === 'refused') throw refusal(outcome);
  const { accepted, retired } = outcome;
  if (retired.kind === 'refused') throw refusal(retired);
  printApplied({ ...accepted.applied, committed: retired.committed });
  process.stdout.write(`retired "${retired.retired}" (merged into the new entry)\n`);
}

function refusal(r: { code: GroveErrorCode; message: string; hint?: string }): GroveError {
  return new GroveError(r.code, r.message, r.hint ? { hint: r.hint } : {});
}

/** Both ends are a terminal (GROVE_RETRO_TTY=0 forces the listing, as in a pipe). */
function interactive(): boolean {
  if (process.env['GROVE_RETRO_TTY'] === '0') return false;
  return process.stdin.isTTY === true && process.stdout.isTTY === true;
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
    .option(
      '--show <id>',
      'one proposal with its evidence: the gate output and the fix diff, the comment, the summary',
    )
    .option('--retire <entry>', 'remove this entry from AGENTS.md (its text as the file has it)')
    .option('--merge <id>', 'accept this proposal as --entry and retire the entry named by --into')
    .option('--into <entry>', 'the AGENTS.md entry --merge replaces')
    .addHelpText(
      'after',
      '\nExamples:\n  grove retro                       # in a terminal: one proposal at a time, a/e/r/m/s/q\n  grove retro --json\n  grove retro --accept L1a2b3c4d --commit\n  grove retro --edit L1a2b3c4d --entry "Pad cents with toFixed(2)"\n  grove retro --retire "Use tabs" --commit\n  grove retro --merge L1a2b3c4d --into "Use named exports" --entry "Use named exports, never default ones"\n\nAGENTS.md has a size budget (config agents_md): the listing says where it stands and warns past it.',
    )
    .action(async (opts: RetroOptions) => {
      const ctx = await openProject(process.cwd());
      try {
        if (opts.retire !== undefined) {
          const r = await retireAgentsMdEntry(ctx, opts.retire, 'cli', { commit: opts.commit === true });
          if (r.kind === 'refused') throw refusal(r);
          process.stdout.write(
            `retired "${r.retired}" from AGENTS.md${r.committed ? ' (committed)' : ' (not committed: use --commit)'}\n`,
          );
          for (const line of sizeLines(ctx, readAgentsMd(ctx))) process.stdout.write(`${line}\n`);
          return;
        }
        if (opts.merge !== undefined) return await mergeInto(ctx, opts);
        if (opts.show !== undefined) return await show(ctx, opts.show, opts.json === true);
        const proposals = await listProposals(ctx, { gather: true });
        const agentsMd = readAgentsMd(ctx);
        if (opts.json) {
          const withHints = proposals.map((p) => ({ ...p, contradicts: mayContradict(p.entry, agentsMd) }));
          process.stdout.write(`${JSON.stringify(withHints, null, 2)}\n`);
          return;
        }
        const pending = proposals.filter((p) => p.status === 'proposed');
        const decisions = decisionsFromOptions(opts);
        if (!decisions) for (const line of sizeLines(ctx, agentsMd)) process.stdout.write(`${line}\n`);
        // In a terminal: one proposal at a time, single keys (retro-walk.ts); piped: the listing.
        if (!decisions && interactive() && pending.length > 0) {
          const n = await walkProposals(ctx, pending, ttyTerminal(), { commit: opts.commit === true });
          process.stdout.write(`\n${n} decided; ${sizeLines(ctx, readAgentsMd(ctx)).join('\n')}\n`);
          return;
        }
        if (!decisions) {
          if (pending.length === 0) process.stdout.write('no learning proposals to review\n');
          for (const p of pending) process.stdout.write(`${describe(p, agentsMd)}\n`);
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
