import type { LearningSection } from './types.js';
import { LEARNING_SECTIONS } from './types.js';

/**
 * Byte-preserving edits of AGENTS.md / CLAUDE.md. The file is split into lines that keep their own line
 * ending; edits only insert whole lines, so every other byte (CRLF, a missing final newline, sections in
 * any order, text grove does not understand) stays exactly as it was.
 */

interface Line {
  text: string;
  /** '\n', '\r\n', '\r', or '' for a last line without one. */
  eol: string;
}

function splitLines(content: string): Line[] {
  const lines: Line[] = [];
  const re = /([^\r\n]*)(\r\n|\n|\r|$)/g;
  for (let m = re.exec(content); m; m = re.exec(content)) {
    const [whole, text = '', eol = ''] = m;
    if (whole.length === 0) break;
    lines.push({ text, eol });
  }
  return lines;
}

function join(lines: readonly Line[]): string {
  return lines.map((l) => l.text + l.eol).join('');
}

function detectEol(content: string): string {
  return /\r\n|\n|\r/.exec(content)?.[0] ?? '\n';
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s*(```|~~~)/;

/** `"Arch decisions"` → `"ARCH_DECISIONS"`. */
function sectionName(title: string): string {
  return title
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
}

interface Section {
  name: string;
  /** Index of the `##` heading line. */
  start: number;
  /** Index of the first line after the section (next # or ## heading, or the end). */
  end: number;
}

function findSections(lines: readonly Line[]): Section[] {
  const sections: Section[] = [];
  let inFence = false;
  let open: Section | undefined;
  lines.forEach((line, i) => {
    if (FENCE.test(line.text)) inFence = !inFence;
    if (inFence) return;
    const m = HEADING.exec(line.text);
    if (!m || (m[1] ?? '').length > 2) return;
    if (open) open.end = i;
    open = undefined;
    if (m[1] === '##') {
      open = { name: sectionName(m[2] ?? ''), start: i, end: lines.length };
      sections.push(open);
    }
  });
  return sections;
}

/** Every bullet line of a Markdown file (outside code fences), with the `##` section it is under. */
export function listBullets(content: string): Array<{ section: string | undefined; text: string }> {
  const lines = splitLines(content);
  const sections = findSections(lines);
  const out: Array<{ section: string | undefined; text: string }> = [];
  let inFence = false;
  lines.forEach((line, i) => {
    if (FENCE.test(line.text)) inFence = !inFence;
    if (inFence) return;
    const m = /^\s*[-*+]\s+(.*\S)\s*$/.exec(line.text);
    if (!m) return;
    const section = sections.find((s) => i > s.start && i < s.end)?.name;
    out.push({ section, text: m[1] ?? '' });
  });
  return out;
}

function sameBullet(a: string, b: string): boolean {
  const norm = (s: string): string =>
    s
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .replace(/[\s.]+$/, '')
      .trim();
  return norm(a) === norm(b);
}

export interface AcceptedEntry {
  section: LearningSection;
  entry: string;
}

export interface ApplyResult {
  text: string;
  added: AcceptedEntry[];
  skipped: Array<AcceptedEntry & { reason: 'duplicate' | 'empty' }>;
  /** The lines inserted, with their 1-based line number in the new text: the whole diff (for `grove retro`). */
  inserted: Array<{ line: number; text: string }>;
}

/**
 * Adds `- entry` bullets under `## SECTION`: after the section's last non-blank line, or, for a section
 * that is missing, in a new section at the end of the file (sections in LEARNING_SECTIONS order). A bullet
 * the section already has (same text, ignoring case, spacing and a final period) is skipped. The file's
 * own line ending is used; a file without a final newline still has none afterwards.
 */
export function applyAccepted(agentsMd: string, entries: readonly AcceptedEntry[]): ApplyResult {
  const eol = detectEol(agentsMd);
  const lines = splitLines(agentsMd);
  const added: AcceptedEntry[] = [];
  const skipped: ApplyResult['skipped'] = [];
  const existing = listBullets(agentsMd);
  const pending = new Map<LearningSection, string[]>();

  for (const e of entries) {
    const entry = e.entry.replace(/\s+/g, ' ').trim();
    if (!entry) {
      skipped.push({ ...e, reason: 'empty' });
      continue;
    }
    const inFile = existing.some((b) => b.section === e.section && sameBullet(b.text, entry));
    const queued = pending.get(e.section) ?? [];
    if (inFile || queued.some((q) => sameBullet(q, entry))) {
      skipped.push({ section: e.section, entry, reason: 'duplicate' });
      continue;
    }
    queued.push(entry);
    pending.set(e.section, queued);
    added.push({ section: e.section, entry });
  }
  if (added.length === 0) return { text: agentsMd, added, skipped, inserted: [] };
  const original = new Set(lines);

  const sections = findSections(lines);
  // Insert from the bottom up so earlier indexes stay valid.
  const inserts: Array<{ at: number; section: LearningSection; bullets: string[] }> = [];
  const missing: LearningSection[] = [];
  for (const section of LEARNING_SECTIONS) {
    const bullets = pending.get(section);
    if (!bullets) continue;
    const found = sections.find((s) => s.name === section);
    if (found) inserts.push({ at: found.start, section, bullets });
    else missing.push(section);
  }
  inserts.sort((a, b) => b.at - a.at);
  for (const ins of inserts) {
    const s = sections.find((x) => x.start === ins.at);
    if (s) insertIntoSection(lines, s, ins.bullets, eol);
  }
  for (const section of missing) appendSection(lines, section, pending.get(section) ?? [], eol);
  const inserted = lines.flatMap((l, i) => (original.has(l) ? [] : [{ line: i + 1, text: l.text }]));
  return { text: join(lines), added, skipped, inserted };
}

function insertIntoSection(lines: Line[], s: Section, bullets: readonly string[], eol: string): void {
  let last = s.start;
  for (let i = s.end - 1; i > s.start; i -= 1) {
    if ((lines[i]?.text ?? '').trim() !== '') {
      last = i;
      break;
    }
  }
  const newLines: Line[] = [];
  if (last === s.start) newLines.push({ text: '', eol }); // a blank line between heading and first bullet
  for (const b of bullets) newLines.push({ text: `- ${b}`, eol });
  const anchor = lines[last];
  if (!anchor) return;
  if (anchor.eol === '') {
    // The anchor is the file's last line and has no newline: keep it that way.
    anchor.eol = eol;
    const tail = newLines[newLines.length - 1];
    if (tail) tail.eol = '';
  } else if (last === s.start) {
    // An empty section: reuse the blank line already after the heading if there is one.
    const next = lines[last + 1];
    if (next && next.text.trim() === '' && last + 1 < s.end) {
      newLines.shift();
      const after = lines[last + 2];
      if (after && last + 2 === s.end && after.text.trim() !== '') newLines.push({ text: '', eol });
      lines.splice(last + 2, 0, ...newLines);
      return;
    }
    if (next && next.text.trim() !== '') newLines.push({ text: '', eol });
  }
  lines.splice(last + 1, 0, ...newLines);
}

function appendSection(
  lines: Line[],
  section: LearningSection,
  bullets: readonly string[],
  eol: string,
): void {
  const last = lines[lines.length - 1];
  if (last) {
    if (last.eol === '') last.eol = eol;
    if (last.text.trim() !== '') lines.push({ text: '', eol });
  }
  lines.push({ text: `## ${section}`, eol }, { text: '', eol });
  for (const b of bullets) lines.push({ text: `- ${b}`, eol });
}

/**
 * Claude Code reads CLAUDE.md, not AGENTS.md: make sure CLAUDE.md imports it with an `@AGENTS.md` line.
 * Appends the line (keeping every other byte) when no line imports it already; `undefined` (no file)
 * gives a new file.
 */
export function ensureClaudeImport(claudeMd: string | undefined): { text: string; changed: boolean } {
  if (claudeMd === undefined || claudeMd === '') return { text: '@AGENTS.md\n', changed: true };
  const imported = splitLines(claudeMd).some((l) => /^\s*@(?:\.\/)?AGENTS\.md\s*$/.test(l.text));
  if (imported) return { text: claudeMd, changed: false };
  const eol = detectEol(claudeMd);
  const sep = /(\r\n|\n|\r)$/.test(claudeMd) ? '' : eol;
  return { text: `${claudeMd}${sep}@AGENTS.md${eol}`, changed: true };
}

/**
 * Removes the bullet whose text is `entry` (ignoring case, spacing and a final period), outside code
 * fences; every other byte stays. `removed` false when AGENTS.md has no such bullet.
 */
export function removeEntry(agentsMd: string, entry: string): { text: string; removed: boolean } {
  const lines = splitLines(agentsMd);
  let inFence = false;
  const at = lines.findIndex((line) => {
    if (FENCE.test(line.text)) inFence = !inFence;
    if (inFence) return false;
    const m = /^\s*[-*+]\s+(.*\S)\s*$/.exec(line.text);
    return m !== null && sameBullet(m[1] ?? '', entry);
  });
  if (at < 0) return { text: agentsMd, removed: false };
  const removedLine = lines[at]!;
  const rest = lines.filter((_, i) => i !== at);
  // The last line lost: the line before it takes the removed line's ending (none at the end of the file).
  if (at === lines.length - 1 && rest.length > 0)
    rest[rest.length - 1] = { ...rest.at(-1)!, eol: removedLine.eol };
  return { text: join(rest), removed: true };
}
