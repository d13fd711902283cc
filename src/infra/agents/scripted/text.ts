import type { ResultSpec } from './script-schema.js';

/** Replaces `{{name}}` in every string of a step (task, run, session, i inside `repeat`). */
export function expandVars<T>(value: T, vars: Record<string, string>): T {
  if (typeof value === 'string') {
    return value.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (m, name: string) => vars[name] ?? m) as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => expandVars(v, vars)) as T;
  if (value !== null && typeof value === 'object') {
    // `repeat.steps` are expanded when they run (so `{{i}}` gets each iteration's value).
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === 'steps' ? v : expandVars(v, vars)]),
    ) as T;
  }
  return value;
}

/** Quotes one argument for display in a Bash tool call (never run through a shell). */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The final message: text, then the result-contract JSON block in a fenced block. */
export function resultText(r: ResultSpec, say: string | undefined): string {
  const lead = r.text ?? say ?? r.summary;
  if (r.omit_block) return lead;
  const block: Record<string, unknown> = { status: r.status, summary: r.summary, learnings: r.learnings };
  if (r.paths) block['paths'] = r.paths;
  if (r.reason !== undefined) block['reason'] = r.reason;
  return `${lead}\n\n\`\`\`json\n${JSON.stringify(block, null, 2)}\n\`\`\``;
}
