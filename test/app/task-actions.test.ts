// The dashboard shows a button only where the action applies (issue 24: Pause/Resume/Stop showed on a
// merged task). That needs one predicate that says the same as the commands: here every command is run
// on a real project with a task in every state, and it moves the task exactly where actionApplies says
// the action applies (and refuses for the state, or changes nothing, elsewhere).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectContext } from '../../src/app/context.js';
import { openProject } from '../../src/app/context.js';
import type { CommandResult } from '../../src/app/task-commands/index.js';
import {
  abandonTask,
  pauseTask,
  queueTask,
  reassignTask,
  resumeTask,
  retryTask,
  stopTask,
} from '../../src/app/task-commands/index.js';
import type { TaskAction } from '../../src/shared/task-actions.js';
import { actionApplies, applicableActions } from '../../src/shared/task-actions.js';
import { TASK_STATES } from '../../src/shared/task-state.js';
import type { TempRepo } from '../helpers/git-repo.js';
import { makeTempRepo } from '../helpers/git-repo.js';
import { walkTo } from '../helpers/task-state.js';

const COMMANDS: Partial<
  Record<TaskAction, (ctx: ProjectContext, id: string) => Promise<CommandResult> | CommandResult>
> = {
  pause: (ctx, id) => pauseTask(ctx, id, 'dashboard'),
  resume: (ctx, id) => resumeTask(ctx, id, 'dashboard'),
  stop: (ctx, id) => stopTask(ctx, id, 'dashboard'),
  retry: (ctx, id) => retryTask(ctx, id, 'dashboard'),
  reassign: (ctx, id) => reassignTask(ctx, id, 'dashboard'),
  abandon: (ctx, id) => abandonTask(ctx, id, 'dashboard'),
  enqueue: (ctx, id) => queueTask(ctx, id, 'dashboard'),
};

let repo: TempRepo;
let ctx: ProjectContext;
beforeAll(async () => {
  repo = makeTempRepo({ files: { '.grove/config.yaml': 'gates: {}\n' } });
  ctx = await openProject(repo.root);
});
afterAll(() => {
  ctx.close();
  repo.cleanup();
});

describe('actionApplies says what the task commands do', () => {
  for (const [action, command] of Object.entries(COMMANDS)) {
    it(`${action}: acts exactly where it applies`, async () => {
      const disagree: string[] = [];
      for (const state of TASK_STATES) {
        const id = `${action}-${state}`;
        ctx.store.upsert(id, { title: id, agent: 'scripted', budget_tokens: 100_000 });
        walkTo(ctx.store, id, state);
        const before = ctx.store.stateHistory(id).length;
        const result = await command(ctx, id);
        // It acted: it moved the task (an "already queued" done that changes nothing does not count).
        const acted = result.kind === 'done' && ctx.store.stateHistory(id).length > before;
        if (result.kind === 'refused' && result.code !== 'STATE_INVALID') {
          disagree.push(`${state}: refused for another reason: ${result.message}`);
        } else if (acted !== actionApplies(action as TaskAction, state)) {
          disagree.push(
            `${state}: applies=${actionApplies(action as TaskAction, state)}, command ${result.kind}${result.kind === 'refused' ? ` ${result.code} ${result.message}` : ''}`,
          );
        }
      }
      expect(disagree).toEqual([]);
    });
  }

  it('a merged or abandoned task offers no action; a running one offers pause, stop, retry, reassign, abandon', () => {
    expect(applicableActions('merged')).toEqual([]);
    expect(applicableActions('abandoned')).toEqual([]);
    expect(applicableActions('running')).toEqual([
      'pause',
      'stop',
      'retry',
      'reassign',
      'abandon',
      'approve-scope',
    ]);
    expect(applicableActions('verified')).toContain('enqueue');
  });
});
