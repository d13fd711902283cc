// Files generated from the schemas: the JSON Schemas in schema/ and the reference tables in README.md.
// `npm run schema` writes them; a test fails when the committed copies are stale.
import { configJsonSchema, taskJsonSchema } from './json-schema.js';
import { configReference, renderReferenceTable, taskReference } from './reference.js';

export const SCHEMA_FILES = {
  'schema/config.schema.json': () => `${JSON.stringify(configJsonSchema(), null, 2)}\n`,
  'schema/task.schema.json': () => `${JSON.stringify(taskJsonSchema(), null, 2)}\n`,
} as const;

const SECTIONS = {
  'config-reference': () => renderReferenceTable(configReference()),
  'task-reference': () => renderReferenceTable(taskReference()),
} as const;

/**
 * README.md with each `<!-- generated:NAME -->` … `<!-- /generated:NAME -->` block replaced by the
 * current table. Markers that are missing are left missing (the test checks they exist).
 */
export function updateReadme(readme: string): string {
  let out = readme;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const open = `<!-- generated:${name} (npm run schema) -->`;
    const close = `<!-- /generated:${name} -->`;
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start === -1 || end < start) continue;
    // prettier-ignore keeps the table compact (prettier would pad every column to the widest cell).
    const body = `<!-- prettier-ignore-start -->\n${render()}\n<!-- prettier-ignore-end -->`;
    out = `${out.slice(0, start + open.length)}\n\n${body}\n\n${out.slice(end)}`;
  }
  return out;
}

export const README_MARKERS = Object.keys(SECTIONS).map(
  (name) => `<!-- generated:${name} (npm run schema) -->`,
);
