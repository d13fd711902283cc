import type { JournalRow } from '../../infra/db/journal.js';

/** `YYYY-MM-DD HH:MM:SS` in local time. */
export function formatTime(at: number): string {
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

type Data = Record<string, unknown>;
const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
const oneLine = (text: string, max = 120): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** One journal row as a line a person reads: time, task, what happened. */
export function formatJournalLine(row: JournalRow): string {
  const task = (row.task_id ?? '-').padEnd(14);
  const data = (typeof row.data === 'object' && row.data !== null ? row.data : { value: row.data }) as Data;
  return `${formatTime(row.at)}  ${task} ${row.type === 'state' ? '' : `${row.type.padEnd(7)} `}${summary(row.type, data)}`;
}

function summary(type: string, d: Data): string {
  switch (type) {
    case 'state': {
      const from = d.from === null || d.from === undefined ? '(new)' : str(d.from);
      return `${from} → ${str(d.to)}${d.cause ? `  ${str(d.cause)}` : ''}`;
    }
    case 'attempt':
      return d.phase === 'started'
        ? `attempt ${str(d.n)} started: ${str(d.kind)} with ${str(d.agent)} (${str(d.adapter)})`
        : `attempt ${str(d.n)} ended: ${str(d.outcome)}${d.signal ? ` (${str(d.signal)})` : d.exitCode !== null && d.exitCode !== undefined ? ` (exit ${str(d.exitCode)})` : ''}`;
    case 'agent':
      return agentSummary((d.event ?? {}) as Data);
    case 'gate': {
      const how = d.timed_out ? 'TIMED OUT' : d.ok ? 'passed' : 'FAILED';
      const exit = d.exit_code === null || d.exit_code === undefined ? '' : `exit ${str(d.exit_code)}, `;
      return `gate ${str(d.gate)} ${how} (${exit}${(Number(d.duration_ms) / 1000).toFixed(1)} s)`;
    }
    case 'notify':
      return `[${str(d.kind)}] ${oneLine(str(d.message))}`;
    case 'lock':
      return `lock ${str(d.name)} ${str(d.phase)}`;
    default:
      return oneLine(JSON.stringify(d), 160);
  }
}

function agentSummary(e: Data): string {
  switch (e.kind) {
    case 'session':
      return `session ${str(e.sessionId)}${e.model ? ` (${str(e.model)})` : ''}`;
    case 'message':
      return `${str(e.role)}: ${oneLine(str(e.text))}`;
    case 'tool_call': {
      const files = Array.isArray(e.files) ? (e.files as unknown[]).map(str).join(', ') : '';
      return `tool ${str(e.name)}${files ? ` ${files}` : e.summary ? ` ${oneLine(str(e.summary), 80)}` : ''}`;
    }
    case 'tool_result':
      return `tool result ${e.ok ? 'ok' : 'failed'}${e.ok || !e.text ? '' : `: ${oneLine(str(e.text), 80)}`}`;
    case 'usage':
      return `usage in ${str(e.input)} out ${str(e.output)}${e.cacheRead ? ` cache-read ${str(e.cacheRead)}` : ''}${e.cacheWrite ? ` cache-write ${str(e.cacheWrite)}` : ''}`;
    case 'error':
      return `error: ${oneLine(str(e.message))}`;
    case 'finished':
      return `finished ${e.ok ? 'ok' : 'not ok'}${typeof e.costUsd === 'number' ? ` ($${e.costUsd.toFixed(4)})` : ''}`;
    default:
      return oneLine(JSON.stringify(e), 160);
  }
}
