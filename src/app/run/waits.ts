// Tells the lead, once, why a task does not start (or fix) now: an overlapping task holds the paths
// both own (src/core/scheduler/overlap.ts), or its spec waits for plan approval (plan-approval.ts).
// One `waiting` notification per task and reason — journaled (`grove events <id>`), printed by
// `grove run`, shown on the dashboard — not one every scheduler pass. A fleet spend cap is told once for
// the whole fleet (./spend-cap-notice.ts), not per task: its waits are not told here.
import type { StartWait } from '../../core/scheduler/index.js';
import type { Notifier } from './notify.js';

export interface WaitReporter {
  /** The waits of one scheduler step: new or changed ones are told, ended ones forgotten. */
  report(waits: readonly StartWait[]): void;
}

export function createWaitReporter(notifier: Notifier): WaitReporter {
  const told = new Map<string, string>();
  return {
    report(waits) {
      const now = new Map(waits.filter((w) => w.waiting !== 'spend-cap').map((w) => [w.taskId, w]));
      for (const id of [...told.keys()]) if (!now.has(id)) told.delete(id);
      for (const w of now.values()) {
        if (told.get(w.taskId) === w.message) continue;
        told.set(w.taskId, w.message);
        notifier.notify({ kind: 'waiting', taskId: w.taskId, message: w.message });
      }
    },
  };
}
