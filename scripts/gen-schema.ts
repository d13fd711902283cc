// Writes schema/config.schema.json, schema/task.schema.json and the reference tables in README.md
// from the zod schemas and src/infra/spec/field-docs.ts. Usage: npm run schema
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SCHEMA_FILES, updateReadme } from '../src/infra/spec/generated-files.js';

const root = join(import.meta.dirname, '..');
for (const [path, render] of Object.entries(SCHEMA_FILES)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), render());
  console.log(`wrote ${path}`);
}
const readmePath = join(root, 'README.md');
writeFileSync(readmePath, updateReadme(readFileSync(readmePath, 'utf8')));
console.log('updated README.md reference tables');
