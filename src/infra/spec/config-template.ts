// The `.grove/config.yaml` that `grove init` writes: every key with its meaning and its default (or an
// example), commented out, generated from the schema so it cannot fall behind it.
import { stringify } from 'yaml';
import { CONFIG_DOCS } from './field-docs.js';
import type { JsonSchema } from './json-schema.js';
import { configJsonSchema } from './json-schema.js';
import type { ReferenceRow } from './reference.js';
import { configReference } from './reference.js';

export interface TemplateOptions {
  /** `$schema` reference for editors (yaml-language-server). */
  schemaRef?: string;
  /** false: the key lines are live YAML (used by the tests to check the template is a valid config). */
  commented?: boolean;
}

const WIDTH = 100;

/**
 * Keys `grove init` writes live (uncommented) with a value that differs from the schema's default:
 * a new project starts with a person approving the plan and every change (the schema's `auto` keeps a
 * config written before review existed working as it did).
 */
export const INIT_VALUES: Readonly<Record<string, unknown>> = {
  'review.plan': 'required',
  'review.code': 'required',
};

const liveSection = (path: string): boolean =>
  Object.keys(INIT_VALUES).some((key) => key.startsWith(`${path}.`));

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** `key: value` lines for one key (flow style for short lists, block for maps). */
function keyLines(key: string, value: unknown): string[] {
  const isScalarList = Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object');
  if (value === undefined) return [`${key}:`];
  if (isScalarList || value === null || typeof value !== 'object') {
    return [
      `${key}: ${stringify(value, { collectionStyle: 'flow', flowCollectionPadding: false }).trimEnd()}`,
    ];
  }
  if (Object.keys(value).length === 0) return [`${key}: {}`];
  return stringify({ [key]: value })
    .trimEnd()
    .split('\n');
}

export function renderConfigTemplate(options: TemplateOptions = {}): string {
  const commented = options.commented ?? true;
  const rows = new Map(configReference().map((r) => [r.path, r]));
  const out: string[] = [];
  if (options.schemaRef) out.push(`# yaml-language-server: $schema=${options.schemaRef}`);
  out.push(
    '# grove configuration. Every key is optional: the commented lines show each default (or an example',
    '# where there is none). Uncomment a line (and its section) to change it. Durations: "30s", "10m", "1h".',
    '',
  );
  // Top-level meanings are plain comments; inside a section they are indented comments, so that
  // uncommenting a whole section (removing the leading "# ") leaves valid YAML.
  const emit = (indent: string, lines: string[], live = false): void => {
    for (const l of lines) out.push(commented && !live ? `# ${indent}${l}` : `${indent}${l}`);
  };
  const explain = (indent: string, text: string, live = false): void => {
    const lines = wrap(text, WIDTH - indent.length - 4).map((l) => `# ${l}`);
    if (indent === '') out.push(...lines);
    else emit(indent, lines, live);
  };
  const schema = configJsonSchema();
  const walk = (node: JsonSchema, prefix: string, indent: string): void => {
    for (const key of Object.keys(node.properties ?? {})) {
      const path = prefix ? `${prefix}.${key}` : key;
      const row = rows.get(path) as ReferenceRow;
      const child = (node.properties ?? {})[key] as JsonSchema;
      const inLiveSection = prefix !== '' && liveSection(prefix);
      const initNote =
        path in INIT_VALUES ? ` grove init sets it; without the key: ${String(row.default)}.` : '';
      explain(indent, `${row.doc}${initNote}`, inLiveSection);
      if (child.properties) {
        emit(indent, [`${key}:`], liveSection(path));
        walk(child, path, `${indent}  `);
      } else if (path in INIT_VALUES) {
        emit(indent, keyLines(key, INIT_VALUES[path]), true);
      } else {
        const useDefault = row.default !== undefined && !isEmptyMap(row.default);
        const value = useDefault ? row.default : (CONFIG_DOCS[path]?.example ?? row.default);
        emit(indent, keyLines(key, value));
      }
      if (!prefix) out.push('');
    }
  };
  walk(schema, '', '');
  return `${out.join('\n').trimEnd()}\n`;
}

function isEmptyMap(value: unknown): boolean {
  return (
    value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0
  );
}
