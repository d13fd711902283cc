// `grove retro` in a terminal: the proposals one at a time, each with its rule and its evidence, decided
// with single keys — a accept, e edit ($VISUAL/$EDITOR, else a line prompt), r reject, m merge into an
// AGENTS.md entry or another proposal, s skip, q quit. Every decision goes through the task commands
// (the same ones as the flags and the dashboard) at once, so quitting keeps what was decided.
import { createInterface } from 'node:readline/promises';
import type { ProjectContext } from '../../app/context.js';
import { evidenceOf } from '../../app/compound/evidence.js';
import { readAgentsMd } from '../../app/compound/gather.js';
import { decideLearnings, mergeLearning, mergeProposals } from '../../app/task-commands/index.js';
import type { LearningProposal } from '../../core/learnings/index.js';
import { listBullets, mayContradict } from '../../core/learnings/index.js';
import { editLesson } from '../../app/compound/edit-lesson.js';

/** What the walk needs from the terminal (a real TTY in use; tests drive it through a pseudo-terminal). */
export interface RetroTerminal {
  write(text: string): void;
  /** One key press, lower-cased. */
  key(): Promise<string>;
  line(question: string): Promise<string>;
  /** The text edited in the person's editor; undefined when there is none. */
  edit(text: string): Promise<string | undefined>;
}

export function ttyTerminal(): RetroTerminal {
  return {
    write: (text) => void process.stdout.write(text),
    key: () =>
      new Promise((resolve) => {
        process.stdin.setRawMode(true);
        process.stdin.resume();
        process.stdin.once('data', (b: Buffer) => {
          process.stdin.setRawMode(false);
          process.stdin.pause();
          resolve(b.toString('utf8').toLowerCase());
        });
      }),
    line: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return (await rl.question(question)).trim();
      } finally {
        rl.close();
      }
    },
    edit: (text) => editLesson(text),
  };
}

const KEYS = '  a)ccept  e)dit  r)eject  m)erge into  s)kip  q)uit > ';
const EVIDENCE_LINES = 8;

function clip(text: string, n = EVIDENCE_LINES): string {
  const lines = text.trimEnd().split('\n');
  const shown = lines.slice(0, n).map((l) => `      ${l}`);
  if (lines.length > n) shown.push(`      … (${lines.length - n} more lines: grove retro --show ID)`);
  return shown.join('\n');
}

async function card(ctx: ProjectContext, p: LearningProposal, i: number, total: number): Promise<string> {
  const out = [``, `[${i + 1}/${total}] ${p.id}  [${p.section}]`, `  ${p.entry}`];
  for (const c of mayContradict(p.entry, readAgentsMd(ctx))) out.push(`  may contradict AGENTS.md: "${c}"`);
  const details = await evidenceOf(ctx, p).catch(() => []);
  out.push('  evidence:');
  for (const e of p.evidence) {
    const mine = details.filter((d) => d.task === e.task && d.source === e.source);
    if (mine.length === 0) out.push(`    ${e.task} (${e.source})`);
    for (const d of mine) out.push(`    ${d.task} (${d.source}): ${d.title}`, clip(d.text));
  }
  return `${out.join('\n')}\n`;
}

type Target = { kind: 'entry'; text: string } | { kind: 'proposal'; id: string; entry: string };

async function pickTarget(
  ctx: ProjectContext,
  p: LearningProposal,
  others: readonly LearningProposal[],
  term: RetroTerminal,
): Promise<Target | undefined> {
  const targets: Target[] = [
    ...listBullets(readAgentsMd(ctx)).map((b) => ({ kind: 'entry' as const, text: b.text })),
    ...others
      .filter((o) => o.id !== p.id)
      .map((o) => ({ kind: 'proposal' as const, id: o.id, entry: o.entry })),
  ];
  if (targets.length === 0) {
    term.write('  nothing to merge into: AGENTS.md has no entries and no other proposal waits\n');
    return undefined;
  }
  term.write('  merge into:\n');
  targets.forEach((t, n) =>
    term.write(
      t.kind === 'entry'
        ? `    ${n + 1}) AGENTS.md: ${t.text}\n`
        : `    ${n + 1}) proposal ${t.id}: ${t.entry}\n`,
    ),
  );
  const answer = await term.line(`  number (empty: back) > `);
  const picked = targets[Number(answer) - 1];
  if (answer === '' || !/^\d+$/.test(answer) || !picked) {
    if (answer !== '') term.write(`  no target ${answer}\n`);
    return undefined;
  }
  return picked;
}

async function merge(
  ctx: ProjectContext,
  p: LearningProposal,
  others: readonly LearningProposal[],
  term: RetroTerminal,
  commit: boolean,
): Promise<boolean> {
  const target = await pickTarget(ctx, p, others, term);
  if (!target) return false;
  const suggested = target.kind === 'entry' ? target.text : target.entry;
  const typed = await term.line(`  merged entry (empty keeps "${suggested}") > `);
  const entry = typed === '' ? suggested : typed;
  if (target.kind === 'proposal') {
    const r = mergeProposals(ctx, p.id, target.id, 'cli', { entry });
    term.write(`  ${r.message}\n`);
    return r.kind === 'done';
  }
  const r = await mergeLearning(ctx, p.id, target.text, entry, 'cli', { commit });
  if (r.kind === 'refused') {
    term.write(`  ${r.message}\n`);
    return false;
  }
  term.write(`  ${r.accepted.message}\n  ${r.retired.message}\n`);
  return true;
}

async function edited(p: LearningProposal, term: RetroTerminal): Promise<string | undefined> {
  const fromEditor = await term.edit(p.entry);
  const text =
    fromEditor !== undefined
      ? (fromEditor.split('\n').find((l) => l.trim() !== '') ?? '').trim()
      : await term.line('  new entry > ');
  return text === '' ? undefined : text;
}

/** Walks the pending proposals; returns how many were decided. */
export async function walkProposals(
  ctx: ProjectContext,
  pending: readonly Pick<LearningProposal, 'id'>[],
  term: RetroTerminal,
  opts: { commit?: boolean } = {},
): Promise<number> {
  const commit = opts.commit === true;
  let decided = 0;
  for (const [i, was] of pending.entries()) {
    // As it stands now: an earlier merge may have closed it, or joined another's evidence to it.
    const p = ctx.stores.learnings.get(was.id);
    if (p?.status !== 'proposed') continue;
    term.write(await card(ctx, p, i, pending.length));
    for (;;) {
      term.write(KEYS);
      const key = await term.key();
      term.write(`${key.trim()}\n`);
      if (key === 'q' || key === '\u0003') return decided;
      if (key === 's') break;
      if (key === 'a' || key === 'r') {
        const id = p.id;
        const r = await decideLearnings(
          ctx,
          [{ id, decision: key === 'a' ? { kind: 'accept' } : { kind: 'reject' } }],
          'cli',
          { commit },
        );
        term.write(`  ${r.message}\n`);
        if (r.kind === 'done') decided += 1;
        break;
      }
      if (key === 'e') {
        const entry = await edited(p, term);
        if (entry === undefined) {
          term.write('  unchanged\n');
          continue;
        }
        const r = await decideLearnings(ctx, [{ id: p.id, decision: { kind: 'accept', entry } }], 'cli', {
          commit,
        });
        term.write(`  ${r.message}\n`);
        if (r.kind === 'done') decided += 1;
        if (r.kind === 'done') break;
        continue;
      }
      if (key === 'm') {
        const others = ctx.stores.learnings.list().filter((o) => o.status === 'proposed');
        if (await merge(ctx, p, others, term, commit)) {
          decided += 1;
          break;
        }
        continue;
      }
      term.write('  keys: a accept, e edit, r reject, m merge into, s skip, q quit\n');
    }
  }
  return decided;
}
