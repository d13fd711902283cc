import { z } from 'zod';

/**
 * What any agent adapter turns one output line into. Usage events are increments: an adapter that
 * sees the same usage repeated (Claude repeats it on each content block of one message) gives every
 * copy the same `messageId`, and the store counts one per (attempt, messageId).
 */
export const AgentEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('session'), sessionId: z.string(), model: z.string().optional() }),
  z.object({ kind: z.literal('message'), role: z.enum(['assistant', 'user']), text: z.string() }),
  z.object({
    kind: z.literal('tool_call'),
    id: z.string(),
    name: z.string(),
    files: z.array(z.string()),
    summary: z.string().optional(),
  }),
  z.object({ kind: z.literal('tool_result'), id: z.string(), ok: z.boolean(), text: z.string().optional() }),
  z.object({
    kind: z.literal('usage'),
    messageId: z.string().optional(),
    input: z.number().int().nonnegative(),
    output: z.number().int().nonnegative(),
    cacheRead: z.number().int().nonnegative().default(0),
    cacheWrite: z.number().int().nonnegative().default(0),
    costUsd: z.number().nonnegative().optional(),
  }),
  z.object({ kind: z.literal('error'), message: z.string() }),
  z.object({
    kind: z.literal('finished'),
    ok: z.boolean(),
    result: z.string().optional(),
    costUsd: z.number().nonnegative().optional(),
  }),
]);
export type AgentEvent = z.infer<typeof AgentEventSchema>;

/** The JSON block an agent's final message ends with (the result contract in the prompt). */
export const AgentResultSchema = z.object({
  status: z.enum(['completed', 'blocked', 'scope_expansion']),
  summary: z.string(),
  learnings: z.array(z.string()).default([]),
  paths: z.array(z.string()).optional(),
  reason: z.string().optional(),
});
export type AgentResult = z.infer<typeof AgentResultSchema>;
