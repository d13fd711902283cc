// Shared by the run-loop end-to-end tests: a grove project with scripted-agent tasks, an in-process
// loop with a short journal poll, and a merge-queue stand-in that merges what is queued (state only:
// the real queue is tested on its own).
import { openProject } from '../../src/app/context.js';
import type { ProjectContext } from '../../src/app/context.js';
import { RunLoop } from '../../src/app/run/loop.js';
import type { RunPorts } from '../../src/app/run/ports.js';
import { defaultPorts } from '../../src/app/run/ports.js';
import type { TaskState } from '../../src/shared/task-state.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';

export function scriptedTask(id: string, extra = ''): string {
  return `---\nid: ${id}\ntitle: Task ${id}\nowns: ["src/${id}/**"]\n${extra}---\nDo ${id}.\n`;
}

/** Run 1 leaves a BROKEN marker in src/<id>/index.js (a gate that looks for it fails); the fix run removes it. */
export function brokenThenFixed(id: string): string {
  return [
    'default_usage: { input: 0, output: 0 }',
    'runs:',
    '  1:',
    `    - write: { path: src/${id}/index.js, content: "export const v = 'BROKEN';\\n" }`,
    '      usage: { input: 3000, output: 0 }',
    `    - commit: 'Add ${id}'`,
    `    - result: { status: completed, summary: 'added ${id}' }`,
    '  default:',
    `    - edit: { path: src/${id}/index.js, find: BROKEN, replace: ok }`,
    '      usage: { input: 1000, output: 0 }',
    `    - commit: 'Fix ${id}'`,
    `    - result: { status: completed, summary: 'fixed ${id}' }`,
    '',
  ].join('\n');
}

/** A script that writes and commits one file of the task's own, with `input` tokens on one message. */
export function writeScript(id: string, input = 1000): string {
  return [
    'default_usage: { input: 0, output: 0 }',
    'steps:',
    `  - write: { path: src/${id}/index.js, content: "export const v = 1;\\n" }`,
    `    usage: { input: ${input}, output: 0 }`,
    `  - commit: 'Add ${id}'`,
    `  - result: { status: completed, summary: 'added ${id}' }`,
    '',
  ].join('\n');
}

export function project(
  tasks: Record<string, string>,
  config: string,
  extraTasks: Record<string, string> = {},
): GroveProject {
  const files: Record<string, string> = {};
  for (const [id, script] of Object.entries(tasks)) {
    files[`.grove/tasks/${id}.md`] = extraTasks[id] ?? scriptedTask(id);
    files[`.grove/scripts/${id}.yaml`] = script;
  }
  return makeGroveProject({ config, files });
}

/** Queued tasks become merged at once (stands in for the merge queue in these tests). */
export function mergingPorts(): RunPorts {
  let ctxRef: ProjectContext | undefined;
  const mergeQueued = (): void => {
    if (!ctxRef) return;
    for (const t of ctxRef.store.list()) {
      if (t.state !== 'queued') continue;
      ctxRef.store.transition(t.id, 'integrating', 'test queue', { expectFrom: ['queued'] });
      ctxRef.store.transition(t.id, 'merged', 'test queue merged it', { expectFrom: ['integrating'] });
    }
  };
  return {
    ...defaultPorts,
    enqueueTask: (ctx, id, by) => {
      ctxRef = ctx;
      defaultPorts.enqueueTask(ctx, id, by);
    },
    startQueueRunner: (ctx, hooks) => {
      ctxRef = ctx;
      return {
        kick: () => {
          const before = ctx.store
            .list()
            .filter((t) => t.state === 'queued')
            .map((t) => t.id);
          mergeQueued();
          for (const id of before) hooks.onMerged(id, 'test');
        },
        stop: () => Promise.resolve(),
        whenIdle: () => Promise.resolve(),
      };
    },
  };
}

export async function startLoop(
  root: string,
  ports: RunPorts = mergingPorts(),
): Promise<{ ctx: ProjectContext; loop: RunLoop }> {
  const ctx = await openProject(root);
  const loop = new RunLoop(ctx, { ports, pollMs: 100, slowMs: 1000 });
  loop.start();
  return { ctx, loop };
}

export function stateOf(ctx: ProjectContext, id: string): TaskState | undefined {
  return ctx.store.get(id)?.state;
}

/** Gate runs other than grove's built-in ones (committed, ownership, knowledge-file). */
export function configuredGates<T extends { gate: string }>(runs: readonly T[]): T[] {
  return runs.filter((g) => !['committed', 'ownership', 'knowledge-file'].includes(g.gate));
}
