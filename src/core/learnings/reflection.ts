// The agent's own reflection (config `compound.reflect`): at the end of a task grove asks the same
// session, in a read-only final turn, for the one thing the next agent should know. This is the prompt
// it asks with and the parser that turns the answer into one rule line ("Do X (because Y)"), or says
// why the answer is not one. Pure: the turn itself runs in src/app/run/reflection.ts.
import { oneLine } from './normalise.js';
import { ENTRY_MAX } from './types.js';

/** The words the reflection prompt starts with (a scripted agent's `on_prompt` can match them). */
export const REFLECTION_MARKER = 'grove reflection:';

export function reflectionPrompt(taskId: string): string {
  return [
    `${REFLECTION_MARKER} your work on ${taskId} passed its gates. Do not change any file now.`,
    'What is the ONE thing the next agent working in this repository should know, that you learned',
    'the hard way on this task and that is not already in AGENTS.md? Answer with exactly one line:',
    'RULE: Do X (because Y)',
    'Make it a rule the next agent can act on (what to do, and why), not a summary of your work.',
    'If there is nothing worth passing on, answer: RULE: none',
  ].join('\n');
}

export type ParsedReflection = { kind: 'rule'; rule: string } | { kind: 'none'; reason: string };

const NOTHING = /^(?:none|nothing|n\/a|no(?:thing)? (?:rule|lesson)s?\b.*|-)\.?$/i;
const RULE_PREFIX = /^\s*(?:[-*>]\s*)?(?:\*\*)?rule(?:\*\*)?\s*[:：]\s*(?:\*\*)?\s*/i;

function unwrap(line: string): string {
  return line
    .replace(RULE_PREFIX, '')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')
    .replace(/^(["'`“”])(.*)\1$/, '$2')
    .replace(/^[“"](.*)[”"]$/, '$1')
    .replace(/\*\*/g, '')
    .trim();
}

/**
 * The rule in the agent's final message: the line marked `RULE:` (the last one, if it wrote several).
 * No marked line (the agent did not answer the question asked), a line with too few words to act on,
 * or `none`, is no rule.
 */
export function parseReflection(text: string | undefined): ParsedReflection {
  const lines = (text ?? '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('```'));
  if (lines.length === 0) return { kind: 'none', reason: 'the agent gave no answer' };
  const marked = lines.filter((l) => RULE_PREFIX.test(l));
  const picked = marked.at(-1);
  if (picked === undefined) return { kind: 'none', reason: 'the answer has no `RULE:` line' };
  const rule = oneLine(unwrap(picked), ENTRY_MAX);
  if (rule === '' || NOTHING.test(rule)) return { kind: 'none', reason: 'the agent had nothing to pass on' };
  if (rule.split(/\s+/).length < 4)
    return { kind: 'none', reason: `"${rule}" is too short to be a rule the next agent can act on` };
  return { kind: 'rule', rule };
}
