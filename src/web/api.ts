import type { z } from 'zod';
import {
  ActionResultSchema,
  ApiErrorSchema,
  BoardSnapshotSchema,
  ConflictMatrixSchema,
  AgentsMdViewSchema,
  LearningEvidenceSchema,
  LearningViewSchema,
  PlanViewSchema,
  TrendRowSchema,
  QueueViewSchema,
  ReportViewSchema,
  ReviewCompareSchema,
  ReviewInterdiffSchema,
  ReviewPageSchema,
  ReviewQueueSchema,
  TaskDetailSchema,
} from '../shared/api.js';
import type { ActionResult, DashboardAction } from '../shared/api.js';

/** Calls the dashboard API (the token travels in the cookie set by the first page load). */
async function request<T>(path: string, schema: z.ZodType<T>, init?: RequestInit): Promise<T> {
  const res = await fetch(path, { credentials: 'same-origin', ...init });
  const body: unknown = await res.json().catch(() => undefined);
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const error = ApiErrorSchema.safeParse(body);
  if (error.success) {
    const { message, hint } = error.data.error;
    throw new Error(hint ? `${message} — ${hint}` : message);
  }
  throw new Error(`${path}: unexpected answer (HTTP ${res.status})`);
}

export const api = {
  snapshot: () => request('/api/snapshot', BoardSnapshotSchema),
  task: (id: string) => request(`/api/tasks/${encodeURIComponent(id)}`, TaskDetailSchema),
  conflicts: () => request('/api/conflicts', ConflictMatrixSchema),
  queue: () => request('/api/queue', QueueViewSchema),
  learnings: () => request('/api/learnings', LearningViewSchema.array()),
  agentsMd: () => request('/api/agents-md', AgentsMdViewSchema),
  learningEvidence: (id: string) =>
    request(`/api/learnings/${encodeURIComponent(id)}/evidence`, LearningEvidenceSchema),
  report: () => request('/api/report', ReportViewSchema),
  reviewQueue: () => request('/api/review', ReviewQueueSchema),
  reviewPage: (id: string) => request(`/api/review/${encodeURIComponent(id)}`, ReviewPageSchema),
  reviewInterdiff: (id: string) =>
    request(`/api/review/${encodeURIComponent(id)}/since-last`, ReviewInterdiffSchema),
  reviewCompare: (id: string, other: string) =>
    request(
      `/api/review/${encodeURIComponent(id)}/compare/${encodeURIComponent(other)}`,
      ReviewCompareSchema,
    ),
  plan: () => request('/api/plan', PlanViewSchema),
  trend: () => request('/api/trend', TrendRowSchema.array()),
  act: (action: DashboardAction): Promise<ActionResult> =>
    request('/api/actions', ActionResultSchema, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(action),
    }),
};
