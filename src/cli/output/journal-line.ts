import type { JournalRow } from '../../infra/db/journal.js';
import { journalSentence } from '../../shared/journal-sentence.js';

/** `YYYY-MM-DD HH:MM:SS` in local time. */
export function formatTime(at: number): string {
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The task column's width for these task ids (at least 14), so the columns hold for long ids. */
export function taskColumnWidth(taskIds: Iterable<string>): number {
  let width = 14;
  for (const id of taskIds) width = Math.max(width, id.length);
  return width;
}

/** One journal row as a line a person reads: time, task, what happened (a sentence per event type). */
export function formatJournalLine(row: JournalRow, taskWidth = 14): string {
  return `${formatTime(row.at)}  ${(row.task_id ?? '-').padEnd(taskWidth)}  ${journalSentence(row)}`;
}
