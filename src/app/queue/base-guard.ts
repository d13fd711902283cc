// The base moves only by the merge queue. Before each round grove compares the base's tip with the one
// it last wrote (base_tips): commits someone added on top are accepted and said; a base that lost
// grove's commits, or that an agent moved to its own work, stops integration until the lead puts it
// back or accepts it (`grove integrate --accept-base`). The queued tasks wait in `queued` meanwhile.
import { judgeBaseMove } from '../../core/queue/base-move.js';
import { git } from '../../infra/git/exec.js';
import { readHead } from '../../infra/git/refs.js';
import type { Journal } from '../../infra/db/journal.js';
import type { JournalData } from '../../shared/journal-event.js';
import { TERMINAL_STATES } from '../../shared/task-state.js';
import type { ProjectContext } from '../context.js';
import { resolveBase } from '../workspace/base.js';
import { HOLD_REPEAT_MS } from './checkout-hold.js';
import type { QueueHooks } from './types.js';

export type BaseHold = Extract<JournalData<'base'>, { phase: 'held' }>;

async function isAncestor(repo: string, older: string, newer: string): Promise<boolean> {
  return (
    (await git(repo, ['merge-base', '--is-ancestor', older, newer], { okCodes: [0, 1, 128] })).code === 0
  );
}

/** Where `branch` was created (its oldest reflog entry), if git still knows. */
async function createdAt(repo: string, branch: string): Promise<string | undefined> {
  const r = await git(repo, ['reflog', 'show', '--format=%H', `refs/heads/${branch}`, '--'], {
    okCodes: [0, 128],
  });
  return r.code === 0
    ? r.stdout
        .trim()
        .split('\n')
        .filter((l) => l !== '')
        .at(-1)
    : undefined;
}

/**
 * The task branch (or worktree HEAD) whose own work contains `commit`, if any: reachable from its tip
 * but not from where the branch was created (a branch spawned from the base after someone committed on
 * it contains that commit without it being the agent's).
 */
async function agentWorkContaining(ctx: ProjectContext, commit: string): Promise<string | undefined> {
  const repo = ctx.paths.mainRoot;
  for (const t of ctx.store.list()) {
    if (TERMINAL_STATES.includes(t.state)) continue;
    const branch = t.branch ?? `grove/${t.id}`;
    const head = t.worktree ? (await readHead(t.worktree).catch(() => undefined))?.sha : undefined;
    const tips = [`refs/heads/${branch}`, ...(head ? [head] : [])];
    let contains = false;
    for (const tip of tips) if (!contains && (await isAncestor(repo, commit, tip))) contains = true;
    if (!contains) continue;
    const fork = await createdAt(repo, branch);
    if (fork === undefined || !(await isAncestor(repo, commit, fork))) return branch;
  }
  return undefined;
}

/** The base hold the journal says is in force (the newest `base` event is `held`), if any. */
export function currentBaseHold(journal: Pick<Journal, 'query'>): BaseHold | undefined {
  const last = journal.query({ types: ['base'], last: 1 })[0];
  return last?.type === 'base' && last.data.phase === 'held' ? last.data : undefined;
}

function lastBaseEvent(ctx: ProjectContext): { at: number; data: JournalData<'base'> } | undefined {
  const last = ctx.stores.journal.query({ types: ['base'], last: 1 })[0];
  return last?.type === 'base' ? { at: last.at, data: last.data } : undefined;
}

/** Records that the merge queue moved `base` to `tip` (called after each move). */
export function recordBaseTip(ctx: ProjectContext, base: string, tip: string): void {
  ctx.stores.baseTips.set(base, tip);
}

/**
 * Before a round: undefined when the queue may build on the base; the hold when it moved in a way
 * grove did not write. Journals the hold (and tells the lead) when it starts and every HOLD_REPEAT_MS.
 */
export async function guardBase(
  ctx: ProjectContext,
  notify: QueueHooks['notify'],
): Promise<BaseHold | undefined> {
  if (ctx.config.queue.mode === 'pr' || ctx.stores.queue.open().length === 0) return undefined;
  const base = await resolveBase(ctx);
  const recorded = ctx.stores.baseTips.get(base.name)?.tip;
  const tell = (message: string): void => {
    const n = { kind: 'queue-held', taskId: null, message };
    if (notify) notify(n);
    else ctx.stores.notifications.add(n);
  };
  const look = {
    recorded,
    actual: base.oid,
    recordedIsAncestor: recorded !== undefined && (await isAncestor(ctx.paths.mainRoot, recorded, base.oid)),
    agentWork: undefined as string | undefined,
  };
  if (look.recordedIsAncestor && recorded !== base.oid)
    look.agentWork = await agentWorkContaining(ctx, base.oid);
  const move = judgeBaseMove(look);
  const last = lastBaseEvent(ctx);
  const wasHeld = last?.data.phase === 'held';
  if (move.kind === 'foreign') {
    const message =
      `integration stopped: ${base.name} ${move.why}. grove moves ${base.name} only to tested, approved work. ` +
      `Put it back (\`git update-ref refs/heads/${base.name} ${recorded!}\`) or, if the move is yours and right, ` +
      `accept it: \`grove integrate --accept-base\``;
    const hold: BaseHold = { phase: 'held', base: base.name, recorded: recorded!, actual: base.oid, message };
    const same =
      last?.data.phase === 'held' &&
      last.data.actual === base.oid &&
      last.data.recorded === recorded &&
      ctx.now() - last.at < HOLD_REPEAT_MS;
    if (!same) {
      ctx.stores.tasks.appendEvent(null, { type: 'base', data: hold });
      tell(message);
    }
    return hold;
  }
  if (move.kind === 'ours' && !move.first && !wasHeld) return undefined;
  ctx.stores.baseTips.set(base.name, base.oid);
  if (move.kind === 'ours' && move.first) return undefined;
  const how = move.kind === 'advanced' ? (wasHeld ? 'restored' : 'advanced') : 'restored';
  const message =
    how === 'advanced'
      ? `${base.name} gained commits grove did not write (${recorded!.slice(0, 8)} → ${base.oid.slice(0, 8)}); the queue builds on top of them`
      : `integration resumed: ${base.name} is back at ${base.oid.slice(0, 8)}, containing what grove merged`;
  ctx.stores.tasks.appendEvent(null, {
    type: 'base',
    data: { phase: 'accepted', base: base.name, from: recorded!, to: base.oid, how, message },
  });
  tell(message);
  return undefined;
}

/** `grove integrate --accept-base`: the lead takes the base as it is now. */
export async function acceptBase(ctx: ProjectContext): Promise<string> {
  const base = await resolveBase(ctx);
  const recorded = ctx.stores.baseTips.get(base.name)?.tip ?? base.oid;
  ctx.stores.baseTips.set(base.name, base.oid);
  const message = `the lead accepted ${base.name} at ${base.oid.slice(0, 8)} (grove had written ${recorded.slice(0, 8)}); integration goes on from there`;
  ctx.stores.tasks.appendEvent(null, {
    type: 'base',
    data: { phase: 'accepted', base: base.name, from: recorded, to: base.oid, how: 'lead', message },
  });
  return message;
}
