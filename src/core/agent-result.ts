import type { AgentResult } from '../shared/agent-event.js';
import { AgentResultSchema } from '../shared/agent-event.js';

/** The result-contract block read back from an agent's final text. */
export type AgentResultParse =
  { kind: 'ok'; result: AgentResult } | { kind: 'missing' } | { kind: 'invalid'; error: string };

interface Candidate {
  text: string;
  end: number;
}

const FENCE = /```[ \t]*([A-Za-z0-9_-]*)[ \t]*\r?\n([\s\S]*?)```/g;

/** Fenced code blocks (```json or plain ```) whose content is an object. */
function fencedBlocks(text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(FENCE)) {
    const lang = (m[1] ?? '').toLowerCase();
    const body = (m[2] ?? '').trim();
    if ((lang === '' || lang === 'json' || lang === 'jsonc') && body.startsWith('{')) {
      out.push({ text: body, end: (m.index ?? 0) + m[0].length });
    }
  }
  return out;
}

/** Top-level balanced `{...}` spans outside strings (bare JSON written in prose). */
function bareObjects(text: string): Candidate[] {
  const out: Candidate[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"' && depth > 0) inString = true;
    else if (c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) out.push({ text: text.slice(start, i + 1), end: i + 1 });
    }
  }
  return out;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

function hasStatus(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'status' in value;
}

/**
 * Finds the last JSON block in an agent's final text (fenced or bare) that carries a `status`, and
 * validates it against the result contract.
 */
export function parseAgentResult(finalText: string | undefined): AgentResultParse {
  if (finalText === undefined || finalText.trim().length === 0) return { kind: 'missing' };
  const candidates = [...fencedBlocks(finalText), ...bareObjects(finalText)].sort((a, b) => b.end - a.end);
  for (const c of candidates) {
    const parsed = tryParse(c.text);
    if (!parsed.ok) {
      if (/"status"\s*:/.test(c.text))
        return { kind: 'invalid', error: `the result block is not valid JSON: ${parsed.error}` };
      continue;
    }
    if (!hasStatus(parsed.value)) continue;
    const result = AgentResultSchema.safeParse(parsed.value);
    if (result.success) return { kind: 'ok', result: result.data };
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(block)'}: ${i.message}`);
    return { kind: 'invalid', error: `the result block does not match the contract: ${problems.join('; ')}` };
  }
  return { kind: 'missing' };
}
