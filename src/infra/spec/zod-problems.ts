// Turns zod issues into problems that say where (file:line), which field, and what to write instead.
import { stringify } from 'yaml';
import type { z } from 'zod';
import type { SpecProblem } from '../../shared/errors.js';
import type { FieldDoc } from './field-docs.js';
import type { JsonSchema } from './json-schema.js';
import { knownKeysAt, schemaAt } from './json-schema.js';
import { nearest } from './nearest.js';
import type { YamlSource } from './yaml-source.js';

export interface ProblemContext {
  file: string;
  source: YamlSource;
  schema: JsonSchema;
  docs: Record<string, FieldDoc>;
}

/** `budgets.pause_at`, `accept[0]` */
export function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

function docKey(path: readonly PropertyKey[], schema: JsonSchema): string {
  // Map entries (`gates.test.run`) are documented under `gates.*.run`.
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const p = path[i];
    if (typeof p === 'number') continue;
    const parent = schemaAt(schema, path.slice(0, i));
    const isEntry = parent && !parent.properties && typeof parent.additionalProperties === 'object';
    parts.push(isEntry ? '*' : String(p));
  }
  return parts.join('.');
}

function valueAt(value: unknown, path: readonly PropertyKey[]): { present: boolean; value: unknown } {
  let v = value;
  for (const p of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, p))
      return { present: false, value: undefined };
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return { present: true, value: v };
}

export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${typeof v} ${v}`;
  return typeof v;
}

const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
};

function exampleFor(ctx: ProblemContext, path: readonly PropertyKey[]): string | undefined {
  const key = String(path.at(-1) ?? '');
  const doc = ctx.docs[docKey(path, ctx.schema)];
  const node = schemaAt(ctx.schema, path);
  const sample = doc?.default ?? doc?.example ?? node?.default ?? (node?.enum ? node.enum[0] : undefined);
  if (sample === undefined || typeof path.at(-1) === 'number') return undefined;
  return `${key}: ${stringify(sample, { collectionStyle: 'flow', flowCollectionPadding: false }).trim()}`;
}

function issueProblem(issue: z.core.$ZodIssue, ctx: ProblemContext): SpecProblem[] {
  const path = issue.path;
  const field = fieldName(path);
  const line = ctx.source.lineOf(path);
  const base = { file: ctx.file, line, field, severity: 'error' as const };
  const actual = valueAt(ctx.source.value, path);
  const example = exampleFor(ctx, path);
  const writeExample = example ? `write e.g. \`${example}\`` : undefined;
  if (!actual.present && issue.code !== 'unrecognized_keys' && path.length > 0) {
    return [
      {
        ...base,
        message: `missing required key \`${field}\``,
        hint: example ? `add \`${example}\`` : undefined,
      },
    ];
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const known = knownKeysAt(ctx.schema, path);
        const guess = nearest(key, known);
        const keyPath = [...path, key];
        return {
          ...base,
          line: ctx.source.lineOf(keyPath),
          field: fieldName(keyPath),
          message: guess ? `unknown key \`${key}\`; did you mean \`${guess}\`?` : `unknown key \`${key}\``,
          hint: guess ? undefined : `known keys here: ${known.join(', ')}`,
        };
      });
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      return [
        { ...base, message: `expected ${expected}, got ${describeValue(actual.value)}`, hint: writeExample },
      ];
    }
    case 'too_small':
    case 'too_big': {
      const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const op =
        issue.code === 'too_small'
          ? issue.inclusive
            ? 'at least'
            : 'more than'
          : issue.inclusive
            ? 'at most'
            : 'less than';
      const what =
        issue.origin === 'array'
          ? `needs ${op} ${bound} item${bound === 1 ? '' : 's'}`
          : issue.origin === 'string'
            ? `must not be empty`
            : `must be ${op} ${bound}, got ${String(actual.value)}`;
      return [{ ...base, message: what, hint: writeExample }];
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => String(v));
      const guess = typeof actual.value === 'string' ? nearest(actual.value, allowed) : undefined;
      return [
        {
          ...base,
          message: `${describeValue(actual.value)} is not allowed${guess ? `; did you mean \`${guess}\`?` : ''}`,
          hint: `write one of: ${allowed.join(', ')}`,
        },
      ];
    }
    case 'invalid_key':
      return [
        {
          ...base,
          message: `\`${String(path.at(-1))}\` is not a valid name`,
          hint: 'use lowercase letters, digits, `_` and `-`, starting with a letter',
        },
      ];
    case 'invalid_union':
      return [{ ...base, message: unionMessage(issue, actual.value), hint: writeExample }];
    case 'invalid_format':
      return [{ ...base, message: `${describeValue(actual.value)} is not valid: ${issue.message}` }];
    case 'custom':
      return [{ ...base, message: issue.message }];
    case 'invalid_element':
    case 'not_multiple_of':
      return [{ ...base, message: issue.message, hint: writeExample }];
  }
}

function unionMessage(issue: z.core.$ZodIssueInvalidUnion, value: unknown): string {
  const kinds = new Set<string>();
  const collect = (issues: readonly z.core.$ZodIssue[]): void => {
    for (const i of issues) {
      if (i.code === 'invalid_type') kinds.add(EXPECTED[i.expected] ?? i.expected);
      else if (i.code === 'invalid_union') for (const e of i.errors) collect(e);
      else if (i.path.length === 0) kinds.add(`a valid value (${i.message})`);
    }
  };
  for (const e of issue.errors) collect(e);
  const nested = issue.errors.flat().find((i) => i.path.length > 0);
  if (kinds.size === 0 && nested) return `${fieldName(nested.path)}: ${nested.message}`;
  const list = [...kinds];
  const looksLikeCommand = list.includes('text') && list.includes('a list');
  return looksLikeCommand
    ? `expected a command (a shell line, or a list of arguments), got ${describeValue(value)}`
    : `expected ${list.join(' or ')}, got ${describeValue(value)}`;
}

export function zodProblems(issues: readonly z.core.$ZodIssue[], ctx: ProblemContext): SpecProblem[] {
  return issues.flatMap((i) => issueProblem(i, ctx)).sort((a, b) => a.line - b.line);
}
