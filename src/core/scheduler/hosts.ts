// Config `hosts`: each host takes at most its `wip` tasks at once (the global `wip` still applies), and
// a task whose host is `any` (task file or agent `host: any`) goes to the host with the most free slots
// when it starts (ties: the name first in order), so ready tasks spread over the hosts by capacity.
import { WIP_STATES } from '../../shared/task-state.js';
import type { TaskState } from '../../shared/task-state.js';
import { compareIds } from './helpers.js';
import type { SchedulerTask } from './snapshot.js';

/** A task's `host: any`: whichever config host has room when it starts. */
export const ANY_HOST = 'any';

/** Why a task does not start now: its host (or, for `any`, every host) is at its `wip`. */
export interface HostWait {
  taskId: string;
  waiting: 'host';
  message: string;
}

/** Free slots per config host, taken as this step's starts are decided. */
export class HostSlots {
  private readonly used = new Map<string, number>();

  constructor(
    private readonly wip: Readonly<Record<string, number>>,
    tasks: readonly SchedulerTask[],
    stateOf: (t: SchedulerTask) => TaskState,
  ) {
    for (const t of tasks)
      if (t.host && t.host !== ANY_HOST && WIP_STATES.includes(stateOf(t)))
        this.used.set(t.host, (this.used.get(t.host) ?? 0) + 1);
  }

  private free(host: string): number {
    const wip = this.wip[host];
    return wip === undefined ? Infinity : wip - (this.used.get(host) ?? 0);
  }

  /**
   * Where `task` starts now: `{ host }` (null: this machine; a name: a host with a free slot, chosen
   * for `any`), or the wait when none has room. Takes the slot.
   */
  place(task: SchedulerTask): { host: string | null } | HostWait {
    const wanted = task.host ?? null;
    if (wanted === null) return { host: null };
    if (wanted !== ANY_HOST) {
      if (this.free(wanted) <= 0)
        return {
          taskId: task.id,
          waiting: 'host',
          message: `${task.id} waits for a free slot on host ${wanted} (its wip ${this.wip[wanted]} is taken); it starts when one of its tasks finishes`,
        };
      this.take(wanted);
      return { host: wanted };
    }
    const best = Object.keys(this.wip)
      .sort(compareIds)
      .reduce<string | undefined>(
        (b, h) => (this.free(h) > (b === undefined ? 0 : this.free(b)) ? h : b),
        undefined,
      );
    if (best === undefined)
      return {
        taskId: task.id,
        waiting: 'host',
        message: `${task.id} (host: any) waits for a free slot: every host in config \`hosts\` is at its wip`,
      };
    this.take(best);
    return { host: best };
  }

  private take(host: string): void {
    this.used.set(host, (this.used.get(host) ?? 0) + 1);
  }
}
