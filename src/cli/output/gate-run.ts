// How a gate run reads in the terminal (`grove verify`, `grove gates`): ✓/✗, name, time, and for a
// failure the last lines of its output and where the whole of it is.
import type { GateRunRow } from '../../infra/db/gate-store.js';

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function status(r: GateRunRow): string {
  if (r.ok) return 'passed';
  if (r.timed_out) return 'timed out';
  return r.exit_code === null ? 'killed' : `exit ${r.exit_code}`;
}

/** One gate run; `lines` of output shown for a failure (0: none). */
export function formatGateRun(r: GateRunRow, lines = 12): string {
  const head = `${r.ok ? '✓' : '✗'} ${r.gate.padEnd(16)} ${formatDuration(r.duration_ms).padStart(8)}  ${status(r)}  ${r.command}`;
  if (r.ok || lines === 0) return head;
  const tail = r.output_tail.split('\n').slice(-lines);
  const out = [head, ...tail.map((l) => `    │ ${l}`)];
  if (r.output_path) out.push(`    whole output: ${r.output_path}`);
  if (r.fingerprint) out.push(`    fingerprint: ${r.fingerprint}`);
  return out.join('\n');
}
