import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/shared/config.js';
import { DurationSchema } from '../../src/shared/duration.js';
import { CONFIG_DOCS, TASK_DOCS } from '../../src/infra/spec/field-docs.js';
import { README_MARKERS, SCHEMA_FILES, updateReadme } from '../../src/infra/spec/generated-files.js';
import { configJsonSchema, schemaFields, taskJsonSchema } from '../../src/infra/spec/json-schema.js';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('generated files', () => {
  it.each(Object.keys(SCHEMA_FILES))('%s is up to date (run `npm run schema`)', (path) => {
    expect(read(path)).toBe(SCHEMA_FILES[path as keyof typeof SCHEMA_FILES]());
  });

  it('README reference tables are up to date (run `npm run schema`)', () => {
    const readme = read('README.md');
    for (const marker of README_MARKERS) expect(readme).toContain(marker);
    expect(updateReadme(readme)).toBe(readme);
  });

  it('every key in the schemas has a meaning in field-docs.ts, and no doc is orphaned', () => {
    const config = schemaFields(configJsonSchema()).map((f) => f.path);
    const task = schemaFields(taskJsonSchema()).map((f) => f.path);
    expect(config.filter((p) => !CONFIG_DOCS[p])).toEqual([]);
    expect(task.filter((p) => !TASK_DOCS[p])).toEqual([]);
    expect(Object.keys(CONFIG_DOCS).filter((k) => !config.includes(k))).toEqual([]);
    expect(Object.keys(TASK_DOCS).filter((k) => !task.includes(k))).toEqual([]);
  });

  it('documented duration defaults are the schema defaults', () => {
    const defaults = ConfigSchema.parse({});
    const ms = (v: unknown): number => DurationSchema.parse(v);
    expect(ms(CONFIG_DOCS['hooks.timeout']?.default)).toBe(defaults.hooks.timeout);
    expect(ms(CONFIG_DOCS['attempts.timeout']?.default)).toBe(defaults.attempts.timeout);
    expect(ms(CONFIG_DOCS['attempts.kill_grace']?.default)).toBe(defaults.attempts.kill_grace);
    expect(ms(CONFIG_DOCS['stuck.idle']?.default)).toBe(defaults.stuck.idle);
    const gate = ConfigSchema.parse({ gates: { t: { run: 'x' } } }).gates.t;
    expect(typeof gate === 'object' && !Array.isArray(gate) && gate.timeout).toBe(
      ms(CONFIG_DOCS['gates.*.timeout']?.default),
    );
  });
});
