// JSON Schemas for `.grove/config.yaml` and task front matter, generated from the zod schemas (input
// side: what a person writes) with every key's meaning from field-docs.ts.
import { z } from 'zod';
import { ConfigSchema } from '../../shared/config.js';
import { TaskFrontMatterSchema } from '../../shared/task-spec.js';
import type { FieldDoc } from './field-docs.js';
import { CONFIG_DOCS, TASK_DOCS } from './field-docs.js';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  required?: string[];
  default?: unknown;
  description?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  minLength?: number;
  pattern?: string;
  [key: string]: unknown;
};

export interface SchemaField {
  /** Dotted path; `*` stands for any entry of a map (`gates.*.run`). */
  path: string;
  node: JsonSchema;
  required: boolean;
}

/** Every key the schema defines, parents before children, in declaration order. */
export function schemaFields(schema: JsonSchema, prefix = ''): SchemaField[] {
  const fields: SchemaField[] = [];
  const objects = (node: JsonSchema): JsonSchema[] =>
    node.properties || typeof node.additionalProperties === 'object'
      ? [node]
      : (node.anyOf ?? []).flatMap((n) => objects(n));
  for (const obj of objects(schema)) {
    for (const [key, node] of Object.entries(obj.properties ?? {})) {
      const path = prefix ? `${prefix}.${key}` : key;
      fields.push({ path, node, required: (obj.required ?? []).includes(key) });
      fields.push(...schemaFields(node, path));
    }
    const extra = obj.additionalProperties;
    if (typeof extra === 'object') fields.push(...schemaFields(extra, prefix ? `${prefix}.*` : '*'));
  }
  return fields;
}

function withDocs(
  schema: JsonSchema,
  docs: Record<string, FieldDoc>,
  meta: Record<string, string>,
): JsonSchema {
  for (const field of schemaFields(schema)) {
    const doc = docs[field.path];
    if (doc) field.node.description = doc.doc;
  }
  return { ...meta, ...schema };
}

let configCache: JsonSchema | undefined;
let taskCache: JsonSchema | undefined;

/** The config schema (built once; callers must not modify it). */
export function configJsonSchema(): JsonSchema {
  configCache ??= withDocs(z.toJSONSchema(ConfigSchema, { io: 'input' }) as JsonSchema, CONFIG_DOCS, {
    title: 'grove config (.grove/config.yaml)',
  });
  return configCache;
}

/** The task front matter schema (built once; callers must not modify it). */
export function taskJsonSchema(): JsonSchema {
  taskCache ??= withDocs(z.toJSONSchema(TaskFrontMatterSchema, { io: 'input' }) as JsonSchema, TASK_DOCS, {
    title: 'grove task front matter (.grove/tasks/<id>.md)',
  });
  return taskCache;
}

/** The node at a dotted path (map entries follow `additionalProperties`), or undefined. */
export function schemaAt(schema: JsonSchema, path: readonly PropertyKey[]): JsonSchema | undefined {
  let nodes: JsonSchema[] = [schema];
  for (const part of path) {
    const expanded = nodes.flatMap(function expand(n: JsonSchema): JsonSchema[] {
      return n.anyOf ? [n, ...n.anyOf.flatMap(expand)] : [n];
    });
    const next: JsonSchema[] = [];
    for (const n of expanded) {
      if (typeof part === 'number') {
        if (n.items) next.push(n.items);
      } else if (n.properties && Object.hasOwn(n.properties, String(part))) {
        next.push(n.properties[String(part)] as JsonSchema);
      } else if (typeof n.additionalProperties === 'object') {
        next.push(n.additionalProperties);
      }
    }
    if (next.length === 0) return undefined;
    nodes = next;
  }
  return nodes[0];
}

/** The keys an object at `path` may have (for "did you mean"). */
export function knownKeysAt(schema: JsonSchema, path: readonly PropertyKey[]): string[] {
  const node = schemaAt(schema, path);
  if (!node) return [];
  const objects = [node, ...(node.anyOf ?? [])];
  return [...new Set(objects.flatMap((o) => Object.keys(o.properties ?? {})))];
}
