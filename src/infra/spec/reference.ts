// Reference rows for every key of the config and task files, and their Markdown tables for the README.
import { ConfigSchema } from '../../shared/config.js';
import type { FieldDoc } from './field-docs.js';
import { CONFIG_DOCS, TASK_DOCS } from './field-docs.js';
import type { JsonSchema } from './json-schema.js';
import { configJsonSchema, schemaFields, taskJsonSchema } from './json-schema.js';

export interface ReferenceRow {
  path: string;
  type: string;
  required: boolean;
  /** The default as written in the file; undefined when there is none. */
  default: unknown;
  example: unknown;
  doc: string;
  node: JsonSchema;
}

/** A short type name for a schema node: `integer`, `command`, `duration`, `list of string`, `a | b`. */
export function typeLabel(node: JsonSchema): string {
  if (node.enum) return node.enum.map((v) => String(v)).join(' \\| ');
  if (node.anyOf) {
    const kinds = node.anyOf.map(typeLabel);
    if (kinds.length === 2 && kinds[0] === 'string' && kinds[1] === 'list of string') return 'command';
    return [...new Set(kinds)].join(' or ');
  }
  if (Array.isArray(node.type))
    return node.type.join(',') === 'string,number' ? 'duration' : node.type.join(' or ');
  if (node.type === 'array') return `list of ${node.items ? typeLabel(node.items) : 'any'}`;
  if (node.type === 'object') {
    const entry = node.additionalProperties;
    if (node.properties || typeof entry !== 'object') return 'mapping';
    return entry.type === 'string' ? 'map of string' : 'map of name → entry';
  }
  return node.type ?? 'any';
}

function valueAt(value: unknown, path: string): unknown {
  let v = value;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function rows(schema: JsonSchema, docs: Record<string, FieldDoc>, emptyParse: unknown): ReferenceRow[] {
  return schemaFields(schema).map((f) => {
    const doc = docs[f.path];
    const isParent = f.node.properties !== undefined;
    const fallback = f.path.includes('*') || isParent ? undefined : valueAt(emptyParse, f.path);
    return {
      path: f.path,
      type: typeLabel(f.node),
      // `ports.from` is required inside `ports`, but `ports` itself has a default.
      required: f.required && fallback === undefined,
      default: doc?.default ?? (isParent ? undefined : (f.node.default ?? fallback)),
      example: doc?.example,
      doc: doc?.doc ?? '',
      node: f.node,
    };
  });
}

export function configReference(): ReferenceRow[] {
  return rows(configJsonSchema(), CONFIG_DOCS, ConfigSchema.parse({}));
}

export function taskReference(): ReferenceRow[] {
  return rows(taskJsonSchema(), TASK_DOCS, undefined);
}

function cell(value: unknown): string {
  if (value === undefined) return '';
  return `\`${JSON.stringify(value)}\``;
}

/** A Markdown table: key, type, default (or "required"), meaning. */
export function renderReferenceTable(reference: readonly ReferenceRow[]): string {
  const lines = ['| Key | Type | Default | Meaning |', '| --- | --- | --- | --- |'];
  for (const r of reference) {
    const def = r.required ? '**required**' : cell(r.default);
    lines.push(`| \`${r.path}\` | ${r.type} | ${def} | ${r.doc.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n');
}
