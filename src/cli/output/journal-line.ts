import type { JournalRow } from '../../infra/db/journal.js';
import type { AgentEvent } from '../../shared/agent-event.js';
import type { ReadJournalEvent } from '../../shared/journal-event.js';

/** `YYYY-MM-DD HH:MM:SS` in local time. */
export function formatTime(at: number): string {
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

const oneLine = (text: string, max = 120): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** One journal row as a line a person reads: time, task, what happened. */
export function formatJournalLine(row: JournalRow): string {
  const task = (row.task_id ?? '-').padEnd(14);
  return `${formatTime(row.at)}  ${task} ${row.type === 'state' ? '' : `${row.type.padEnd(7)} `}${summary(row)}`;
}

function summary(ev: ReadJournalEvent): string {
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
      return agentSummary(ev.data.event);
    case 'gate': {
      const d = ev.data;
      const how = d.timed_out ? 'TIMED OUT' : d.ok ? 'passed' : 'FAILED';
      const exit = d.exit_code === null ? '' : `exit ${d.exit_code}, `;
      return `gate ${d.gate} ${how} (${exit}${(d.duration_ms / 1000).toFixed(1)} s)`;
    }
    case 'notify':
      return `[${ev.data.kind}] ${oneLine(ev.data.message)}`;
    case 'lock':
      return `lock ${ev.data.name} ${ev.data.phase}`;
    case 'learning':
      return `learning ${ev.data.id} ${ev.data.status}${ev.data.entry ? `: ${oneLine(ev.data.entry, 120)}` : ''}`;
    case 'checkout':
      return ev.data.phase === 'held'
        ? `held: ${oneLine(ev.data.message)}`
        : `resumed: ${ev.data.base} can move`;
    case 'base':
      return `${ev.data.phase === 'held' ? 'base held' : 'base accepted'}: ${oneLine(ev.data.message)}`;
    case 'reconcile':
      return oneLine(ev.data.message);
    case 'unreadable':
      return `unreadable ${ev.data.storedType} row (${oneLine(ev.data.reason, 80)}): ${oneLine(ev.data.raw, 80)}`;
    case 'queue':
    case 'conflict':
    case 'workspace':
    case 'scope':
    case 'scope-approval':
    case 'note':
      return oneLine(JSON.stringify(ev.data), 160);
  }
}

function agentSummary(e: AgentEvent): string {
  switch (e.kind) {
    case 'session':
      return `session ${e.sessionId}${e.model ? ` (${e.model})` : ''}`;
    case 'message':
      return `${e.role}: ${oneLine(e.text)}`;
    case 'tool_call': {
      const files = e.files.join(', ');
      return `tool ${e.name}${files ? ` ${files}` : e.summary ? ` ${oneLine(e.summary, 80)}` : ''}`;
    }
    case 'tool_result':
      return `tool result ${e.ok ? 'ok' : 'failed'}${e.ok || !e.text ? '' : `: ${oneLine(e.text, 80)}`}`;
    case 'usage':
      return `usage in ${e.input} out ${e.output}${e.cacheRead ? ` cache-read ${e.cacheRead}` : ''}${e.cacheWrite ? ` cache-write ${e.cacheWrite}` : ''}`;
    case 'error':
      return `error: ${oneLine(e.message)}`;
    case 'finished':
      return `finished ${e.ok ? 'ok' : 'not ok'}${typeof e.costUsd === 'number' ? ` ($${e.costUsd.toFixed(4)})` : ''}`;
  }
}
