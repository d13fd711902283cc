import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { gatherProposals } from '../../app/compound/gather.js';
import { applyToAgentsMd } from '../../app/compound/retro.js';
import { openProject } from '../../app/context.js';
import type { AcceptedEntry, LearningProposal } from '../../core/learnings/index.js';
import { LearningStore } from '../../infra/db/learning-store.js';
import { GroveError } from '../../shared/errors.js';

interface RetroOptions {
  json?: boolean;
  accept?: string[];
  reject?: string[];
  commit?: boolean;
}

function describe(p: LearningProposal): string {
  const tasks = [...new Set(p.evidence.map((e) => e.task))].join(', ');
  return `${p.id}  [${p.section}]  ${p.entry}\n    evidence: ${p.evidence.map((e) => `${e.task} (${e.source}${e.files?.length ? `: ${e.files.join(', ')}` : ''})`).join('; ') || tasks}`;
}

/** One key per proposal: a)ccept e)dit r)eject s)kip q)uit. */
async function review(pending: LearningProposal[], store: LearningStore): Promise<AcceptedEntry[]> {
  const accepted: AcceptedEntry[] = [];
  const readKey = (): Promise<string> =>
    new Promise((resolve) => {
      process.stdin.setRawMode(true);
      process.stdin.resume();
      process.stdin.once('data', (b: Buffer) => {
        process.stdin.setRawMode(false);
        process.stdin.pause();
        resolve(b.toString('utf8').toLowerCase());
      });
    });
  for (const p of pending) {
    process.stdout.write(`\n${describe(p)}\n  a)ccept  e)dit  r)eject  s)kip  q)uit > `);
    const key = await readKey();
    process.stdout.write(`${key.trim()}\n`);
    if (key === 'q' || key === '\u0003') break;
    if (key === 'a') {
      store.decide(p.id, 'accepted');
      accepted.push({ section: p.section, entry: p.entry });
    } else if (key === 'r') store.decide(p.id, 'rejected');
    else if (key === 'e') {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      const text = (await rl.question('  new entry: ')).trim();
      rl.close();
      if (text !== '') {
        store.decide(p.id, 'accepted', text);
        accepted.push({ section: p.section, entry: text });
      }
    }
  }
  return accepted;
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
    .option('--commit', 'commit AGENTS.md (and CLAUDE.md) after writing')
    .addHelpText(
      'after',
      '\nExamples:\n  grove retro                       # one key per proposal: a/e/r/s/q\n  grove retro --json\n  grove retro --accept L1a2b3c4d --commit',
    )
    .action(async (opts: RetroOptions) => {
      const ctx = await openProject(process.cwd());
      try {
        const proposals = gatherProposals(ctx);
        const store = new LearningStore(ctx.db, ctx.now);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(store.list(), null, 2)}\n`);
          return;
        }
        const pending = store.list().filter((p) => p.status === 'proposed');
        let accepted: AcceptedEntry[] = [];
        if (opts.accept || opts.reject) {
          const known = new Map(proposals.map((p) => [p.id, p]));
          for (const id of [...(opts.accept ?? []), ...(opts.reject ?? [])]) {
            if (!known.has(id))
              throw new GroveError('USAGE', `no learning proposal ${id}`, {
                hint: 'list them with `grove retro --json`',
              });
          }
          for (const id of opts.reject ?? []) store.decide(id, 'rejected');
          for (const id of opts.accept ?? []) {
            store.decide(id, 'accepted');
            const p = known.get(id)!;
            accepted.push({ section: p.section, entry: p.entry });
          }
        } else if (process.stdin.isTTY && pending.length > 0) {
          accepted = await review(pending, store);
        } else {
          if (pending.length === 0) process.stdout.write('no learning proposals to review\n');
          for (const p of pending) process.stdout.write(`${describe(p)}\n`);
          if (pending.length > 0)
            process.stdout.write('\naccept or reject with `grove retro --accept ID… --reject ID…`\n');
          return;
        }
        const applied = await applyToAgentsMd(ctx, accepted, { commit: opts.commit === true });
        if (applied.inserted.length === 0) process.stdout.write('AGENTS.md unchanged\n');
        else
          process.stdout.write(
            `AGENTS.md:\n${applied.inserted.map((l) => `+${l.line}: ${l.text}`).join('\n')}\n`,
          );
        if (applied.claudeImportAdded)
          process.stdout.write('CLAUDE.md: +@AGENTS.md (Claude Code reads CLAUDE.md)\n');
        if (applied.committed) process.stdout.write('committed\n');
        else if (applied.inserted.length > 0) process.stdout.write('not committed (use --commit)\n');
      } finally {
        ctx.close();
      }
    });
}
