// `grove plan` reviews each spec before anything spawns and says what would make it better, with
// file:line: a spec is leverage — the agent can only be as precise as what it is told, and a task with
// no command proving it done can only be checked by a person. Warnings, never errors: the lead may go on.
// Pure: the spec, its file's text and what the repository has come in; problems come out.
import type { SpecProblem } from '../../shared/errors.js';
import type { TaskSpec } from '../../shared/task-spec.js';

export interface SpecReviewFacts {
  /** The spec file's text, for the line of each finding. */
  text: string;
  /** Why an `accept` command cannot run in the repository, or undefined when it can. */
  commandMissing: (command: TaskSpec['accept'][number]) => string | undefined;
  /** The task's token budget (its own or the config's). */
  budgetTokens: number;
  /** Tokens per merged task in earlier cycles (what history says a task costs); empty without history. */
  mergedTokens: readonly number[];
}

/** Fewer merged tasks than this and the history says nothing about size. */
const HISTORY_MIN = 3;
const GOAL_MIN_WORDS = 6;
const BROAD_OWNS = new Set(['**', '**/*', '*', './**', '/**', '**/**']);
const VAGUE =
  /\b(improve|improvements?|clean ?up|refactor|enhance|optimi[sz]e|tidy|polish|better|fix (?:it|things|stuff|bugs)|update (?:it|things|stuff)|various|misc(?:ellaneous)?|etc)\b/i;
/** Something concrete in the goal: code in backticks, a path or file name, an identifier, a number. */
const CONCRETE = /`[^`]+`|[\w-]+\/[\w./-]+|\b[\w-]+\.[a-z]{1,5}\b|\b[a-z]+[A-Z]\w*\b|\b\w+_\w+\b|\w+\(\)|\d/;
const ACCEPTANCE_HEADING = /^#{1,6}\s*(acceptance|done when|definition of done|criteria)/im;

/** The 1-based line of the first line of `text` that `match` finds, else 1. */
function lineOf(text: string, match: RegExp): number {
  const i = text.split('\n').findIndex((l) => match.test(l));
  return i < 0 ? 1 : i + 1;
}

/** The body without its acceptance section: what the goal says. */
function goalText(body: string): string {
  const at = body.search(ACCEPTANCE_HEADING);
  return (at < 0 ? body : body.slice(0, at))
    .split('\n')
    .filter((l) => !/^#{1,6}\s/.test(l))
    .join(' ')
    .trim();
}

function acceptanceItems(body: string): string[] {
  const at = body.search(ACCEPTANCE_HEADING);
  if (at < 0) return [];
  const section = body.slice(at).split('\n').slice(1);
  const end = section.findIndex((l) => /^#{1,6}\s/.test(l));
  return (end < 0 ? section : section.slice(0, end))
    .map((l) => l.replace(/^\s*(?:[-*+]|\d+[.)])\s*(?:\[[ xX]\]\s*)?/, '').trim())
    .filter((l) => l !== '');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const thousands = (n: number): string => `${Math.round(n / 1000)}k`;

export function reviewSpec(spec: TaskSpec, facts: SpecReviewFacts): SpecProblem[] {
  const out: SpecProblem[] = [];
  const warn = (field: string, line: number, message: string, hint: string): void => {
    out.push({ file: spec.file, line, field, message, hint, severity: 'warning' });
  };
  // The body starts on the line after the front matter's closing `---`.
  const closing = facts.text.split('\n').findIndex((l, i) => i > 0 && /^---\s*$/.test(l));
  const bodyStart = (): number => (closing < 0 ? 1 : closing + 2);

  if (acceptanceItems(spec.body).length === 0) {
    warn(
      'body',
      ACCEPTANCE_HEADING.test(spec.body) ? lineOf(facts.text, ACCEPTANCE_HEADING) : bodyStart(),
      'no acceptance criteria: the agent cannot tell when it is done, and the reviewer what to check',
      'add a `## Acceptance criteria` section with one line per thing that must be true',
    );
  }
  if (spec.accept.length === 0) {
    warn(
      'accept',
      lineOf(facts.text, /^accept\s*:/),
      'no `accept` command proves the task done: only a person can check it',
      "add the command that shows it works, e.g. accept: ['npm test -- login']",
    );
  }
  spec.accept.forEach((command) => {
    const why = facts.commandMissing(command);
    if (why) {
      warn(
        'accept',
        lineOf(facts.text, /^accept\s*:/),
        `accept command cannot run in this repository: ${why}`,
        'fix the command or add what it needs, or the gate fails on every attempt',
      );
    }
  });
  const broad = spec.owns.filter((g) => BROAD_OWNS.has(g.trim()));
  if (broad.length > 0) {
    warn(
      'owns',
      lineOf(facts.text, /^owns\s*:/),
      `owns ${broad.map((g) => `"${g}"`).join(', ')}: the whole repository, so no other task can run beside it and the ownership gate checks nothing`,
      'name the folders or files the work changes, e.g. owns: ["src/login/**", "test/login/**"]',
    );
  }
  const goal = goalText(spec.body);
  const words = goal.split(/\s+/).filter((w) => /\w/.test(w)).length;
  if (words < GOAL_MIN_WORDS) {
    warn(
      'body',
      bodyStart(),
      `the goal is ${words} word${words === 1 ? '' : 's'}: the agent has to guess what you mean`,
      'say what changes, where, and how to tell it is done',
    );
  } else if (VAGUE.test(goal) && !CONCRETE.test(goal)) {
    const word = VAGUE.exec(goal)?.[0] ?? '';
    warn(
      'body',
      bodyStart(),
      `the goal is stated only in vague words ("${word}") with nothing concrete`,
      'name the files, functions or behaviour that change, and the result you expect',
    );
  }
  if (facts.mergedTokens.length >= HISTORY_MIN) {
    const typical = median(facts.mergedTokens);
    if (typical > facts.budgetTokens) {
      warn(
        'budget',
        lineOf(facts.text, /^budget\s*:/),
        `tasks merged in earlier cycles used a median of ${thousands(typical)} tokens (${facts.mergedTokens.length} tasks); this one's budget is ${thousands(facts.budgetTokens)}`,
        'split the task, or raise its budget: { tokens: … }',
      );
    }
  }
  return out;
}
