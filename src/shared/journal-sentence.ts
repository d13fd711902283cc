// Every journal event as one sentence a person reads (grove events, grove run's progress lines, the
// dashboard): no raw JSON, no repeated words, what happened first. Pure; the time and task columns are
// the caller's.
import { describeAgentEvent, oneLine } from './agent-event-text.js';
import type { JournalData, ReadJournalEvent } from './journal-event.js';

export { oneLine };

const short = (sha: string | null | undefined): string => (sha ? sha.slice(0, 7) : '?');
const list = (items: readonly string[], max = 4): string =>
  items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;

/** One journal event as a sentence. */
export function journalSentence(ev: ReadJournalEvent): string {
  switch (ev.type) {
    case 'state': {
      const d = ev.data;
      return `${d.from ?? '(new)'} → ${d.to}${d.cause ? `  ${d.cause}` : ''}`;
    }
    case 'attempt': {
      const d = ev.data;
      if (d.phase === 'started') return `attempt ${d.n} started: ${d.kind} with ${d.agent} (${d.adapter})`;
      const how = d.signal ? ` (${d.signal})` : d.exitCode !== null ? ` (exit ${d.exitCode})` : '';
      return `attempt ${d.n} ended: ${d.outcome}${how}`;
    }
    case 'agent':
      return `agent ${describeAgentEvent(ev.data.event)}`;
    case 'gate': {
      const d = ev.data;
      const how = d.timed_out ? 'TIMED OUT' : d.ok ? 'passed' : 'FAILED';
      const exit = d.exit_code === null ? '' : `exit ${d.exit_code}, `;
      return `gate ${d.gate} ${how} (${exit}${(d.duration_ms / 1000).toFixed(1)} s)`;
    }
    case 'queue':
      return queueSentence(ev.data);
    case 'conflict': {
      const d = ev.data;
      const files = d.files.length > 0 ? ` in ${list(d.files)}` : '';
      return d.phase === 'new'
        ? `conflict predicted between ${d.a} and ${d.b}${files} (against ${d.against})`
        : `conflict between ${d.a} and ${d.b} no longer predicted`;
    }
    case 'notify':
      return `[${ev.data.kind}] ${oneLine(ev.data.message)}`;
    case 'lock': {
      const d = ev.data;
      return `lock ${d.name} taken over from pid ${d.from.pid}${d.from.info ? ` (${oneLine(d.from.info, 60)})` : ''} by pid ${d.to.pid}`;
    }
    case 'workspace':
      return workspaceSentence(ev.data);
    case 'checkout':
      return ev.data.phase === 'held'
        ? `checkout held: ${oneLine(ev.data.message)}`
        : `checkout clean again: ${ev.data.base} can move`;
    case 'base':
      return `${ev.data.phase === 'held' ? 'base held' : 'base accepted'}: ${oneLine(ev.data.message)}`;
    case 'reconcile':
      return oneLine(ev.data.message);
    case 'scope':
      return `changed outside its owns: ${list(ev.data.paths)} (owns ${list(ev.data.owns)})`;
    case 'scope-approval':
      return `allowed beyond its owns by ${ev.data.by}: ${list(ev.data.paths)}`;
    case 'plan-approval':
      return `spec ${ev.data.file} approved by ${ev.data.by}${ev.data.was === 'changed' ? ' (changed since the approval before)' : ''}`;
    case 'note':
      return `note: ${oneLine(ev.data.text)}`;
    case 'agents-md':
      return `AGENTS.md entry retired by ${ev.data.by}: ${oneLine(ev.data.retired)}`;
    case 'learning':
      return `learning ${ev.data.id} ${ev.data.status}${ev.data.into ? ` (merged into ${ev.data.into})` : ''}${ev.data.entry ? `: ${oneLine(ev.data.entry)}` : ''}`;
    case 'best-of': {
      const d = ev.data;
      const order = d.ranked.map((c) => `${c.rank}. ${c.id}${c.passes ? '' : ' (not verified)'}`).join(', ');
      const then = d.pick
        ? `picked ${d.pick}${d.review.length > 0 ? `; ${list(d.review)} wait beside it for review` : ''}`
        : d.fix
          ? `none passed; ${d.fix} goes to the fix loop`
          : 'none produced work';
      return `best of ${d.ranked.length}: ${order}; ${then}${d.abandon.length > 0 ? `; gave up ${list(d.abandon)} (kept as refs/grove/best-of/${d.group}/…)` : ''}`;
    }
    case 'reflection': {
      const d = ev.data;
      const said =
        d.outcome === 'rule'
          ? `a lesson candidate: ${oneLine(d.rule ?? '')}`
          : d.outcome === 'none'
            ? `no lesson (${oneLine(d.reason ?? '', 100)})`
            : `the turn failed, no lesson (${oneLine(d.reason ?? '', 120)}); the task went on`;
      return `reflection of attempt ${d.n} (${d.agent}, ${d.tokens} tokens): ${said}`;
    }
    case 'unreadable':
      return `unreadable ${ev.data.storedType} row (${oneLine(ev.data.reason, 80)}): ${oneLine(ev.data.raw, 80)}`;
  }
}

function queueSentence(d: JournalData<'queue'>): string {
  switch (d.phase) {
    case 'enqueued':
      return 'joined the merge queue';
    case 'merged':
      return `merge queue: merged${d.commit ? ` as ${short(d.commit)}` : ''}${d.detail ? ` (${oneLine(d.detail, 80)})` : ''}`;
    case 'rejected':
    case 'removed':
      return `merge queue: ${d.phase} (${d.result})${d.detail ? `: ${oneLine(d.detail, 100)}` : ''}`;
    case 'round': {
      const tried = d.candidates.map((c) => `${c.tasks.join('+')} ${c.outcome}`).join(', ');
      const base =
        d.baseAfter && d.baseAfter !== d.baseBefore
          ? `base ${short(d.baseBefore)} → ${short(d.baseAfter)}`
          : 'base unchanged';
      return `merge queue round ${d.round}: ${tried || 'no candidates'}; ${base}${d.note ? ` (${oneLine(d.note, 80)})` : ''}`;
    }
  }
}

function workspaceSentence(d: JournalData<'workspace'>): string {
  switch (d.action) {
    case 'created': {
      const copied = d.copied.files + d.copied.symlinks;
      const extras = [
        copied > 0 ? `${copied} ignored file(s) copied` : '',
        d.port !== null ? `port ${d.port}` : '',
        `${Math.round(d.ms)} ms`,
      ].filter(Boolean);
      return `worktree created at ${d.worktree} on ${d.branch} from ${d.base} ${short(d.baseOid)} (${extras.join(', ')})`;
    }
    case 'restored':
      return `worktree restored at ${d.worktree} on ${d.branch} from backup ${d.backup}`;
    case 'cleaned':
      return `worktree ${d.worktree ?? '(none)'} removed; branch ${d.branch} kept${d.backup ? `; backup at ${d.backup}` : ''}`;
  }
}
