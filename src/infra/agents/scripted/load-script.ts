import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Script, Step } from './script-schema.js';
import { ScriptSchema } from './script-schema.js';

/** A script that cannot be read or does not match the format: the agent prints it and exits 2. */
export class ScriptError extends Error {
  override readonly name = 'ScriptError';
}

/** Reads and validates a script file (YAML or JSON: YAML is a superset). */
export function loadScript(file: string): Script {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ScriptError(`cannot read script ${file}: ${(cause as Error).message}`);
  }
  return parseScript(text, file);
}

export function parseScript(text: string, file = '<script>'): Script {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (cause) {
    throw new ScriptError(`${file}: not valid YAML or JSON: ${(cause as Error).message}`);
  }
  const parsed = ScriptSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new ScriptError(`${file}: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/**
 * The steps for run `n` (1-based) given its prompt: the first `on_prompt` entry whose text the prompt
 * contains, else an exact key ("2"), else the narrowest range holding n ("1-3"),
 * else the "k+" key with the largest k <= n, else "default", else the top-level `steps`, else none.
 */
export function selectSteps(script: Script, n: number, prompt = ''): Step[] {
  const matched = script.on_prompt?.find((entry) => prompt.includes(entry.contains));
  if (matched) return matched.steps;
  const runs = script.runs ?? {};
  const exact = runs[String(n)];
  if (exact) return exact;
  let best: { width: number; steps: Step[] } | undefined;
  let from: { start: number; steps: Step[] } | undefined;
  for (const [key, steps] of Object.entries(runs)) {
    const range = /^(\d+)-(\d+)$/.exec(key);
    if (range) {
      const lo = Number(range[1]);
      const hi = Number(range[2]);
      if (n >= lo && n <= hi && (!best || hi - lo < best.width)) best = { width: hi - lo, steps };
      continue;
    }
    const open = /^(\d+)\+$/.exec(key);
    if (open) {
      const start = Number(open[1]);
      if (n >= start && (!from || start > from.start)) from = { start, steps };
    }
  }
  return best?.steps ?? from?.steps ?? runs['default'] ?? script.steps ?? [];
}

/** What a reflection turn answers when the script says nothing for it: no lesson, no tokens. */
const NO_REFLECTION: Step[] = [
  { reflect: 'RULE: none', usage: { input: 0, output: 0, cache_read: 0, cache_write: 0 } },
];

/**
 * The steps of a reflection turn (`--reflect`): the first `on_prompt` entry whose text the prompt
 * contains, else the script's `reflect` (a line is a `reflect` step), else `RULE: none`.
 */
export function selectReflectionSteps(script: Script, prompt = ''): Step[] {
  const matched = script.on_prompt?.find((entry) => prompt.includes(entry.contains));
  if (matched) return matched.steps;
  if (typeof script.reflect === 'string') return [{ reflect: script.reflect }];
  return script.reflect ?? NO_REFLECTION;
}
