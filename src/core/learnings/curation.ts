// What a person curating AGENTS.md needs to see (grove retro): how big the file is against its budget
// (config `agents_md`), and which existing entries a proposal may contradict. Pure.
import { listBullets } from './agents-md.js';
import { keyTokens, similarity } from './normalise.js';

export interface AgentsMdBudget {
  /** Lines in the whole file. */
  maxLines: number;
  /** Bullet entries per `##` section. */
  maxEntriesPerSection: number;
}

export interface AgentsMdSize {
  lines: number;
  maxLines: number;
  sections: Array<{ name: string; entries: number; max: number }>;
  /** Each budget the file is past, in words. */
  over: string[];
}

export function agentsMdSize(content: string, budget: AgentsMdBudget): AgentsMdSize {
  const lines = content === '' ? 0 : content.replace(/\r?\n$/, '').split(/\r\n|\n|\r/).length;
  const counts = new Map<string, number>();
  for (const b of listBullets(content)) {
    if (b.section === undefined) continue;
    counts.set(b.section, (counts.get(b.section) ?? 0) + 1);
  }
  const sections = [...counts].map(([name, entries]) => ({
    name,
    entries,
    max: budget.maxEntriesPerSection,
  }));
  const over = [
    ...(lines > budget.maxLines
      ? [`AGENTS.md has ${lines} lines, over its budget of ${budget.maxLines}`]
      : []),
    ...sections
      .filter((s) => s.entries > s.max)
      .map((s) => `${s.name} has ${s.entries} entries, over its budget of ${s.max}`),
  ];
  return { lines, maxLines: budget.maxLines, sections, over };
}

/** One line: "AGENTS.md: 23 of 100 lines; GOTCHAS 5/20, STYLE 2/20". */
export function describeSize(size: AgentsMdSize): string {
  const sections = size.sections.map((s) => `${s.name} ${s.entries}/${s.max}`).join(', ');
  return `AGENTS.md: ${size.lines} of ${size.maxLines} lines${sections ? `; entries per section: ${sections}` : ''}`;
}

const NEGATIVE =
  /\b(never|not|no|don't|do not|doesn't|avoid|without|stop|must not|mustn't|shouldn't|instead of)\b/i;

/** Shares enough words with an entry to be about the same thing. */
const SAME_TOPIC = 0.4;

/** An entry's clauses: "Never X: do Y" says two things, one don't and one do. */
function clauses(text: string): string[] {
  return text
    .split(/[:;,]\s+|\.\s+|\s+(?:but|instead)\s+/i)
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

/**
 * Existing AGENTS.md entries that `entry` may contradict: the closest pair of clauses (one of each) is
 * about the same thing (most words shared) but one says do and the other says don't. A hint for the
 * person, never a decision.
 */
export function mayContradict(entry: string, agentsMd: string): string[] {
  const mine = clauses(entry).map((c) => ({ words: keyTokens(c), negative: NEGATIVE.test(c) }));
  return listBullets(agentsMd)
    .filter((b) => {
      let best = { score: 0, differ: false };
      for (const theirs of clauses(b.text)) {
        const words = keyTokens(theirs);
        const negative = NEGATIVE.test(theirs);
        for (const c of mine) {
          const score = similarity(c.words, words);
          if (score > best.score) best = { score, differ: c.negative !== negative };
        }
      }
      return best.score >= SAME_TOPIC && best.differ;
    })
    .map((b) => b.text);
}
