// Holding integration while the user's checkout of the base branch has uncommitted changes: the queued
// tasks wait (still `queued`), and the lead hears why and what to do, in the terminal, the dashboard
// and `grove status` (a `checkout` journal event and a notification). Once the checkout is clean the
// next round goes on by itself.
import type { Journal } from '../../infra/db/journal.js';
import type { JournalData } from '../../shared/journal-event.js';
import type { ProjectContext } from '../context.js';
import { resolveBase } from '../workspace/base.js';
import { inspectCheckout } from './checkout.js';
import type { QueueHooks } from './types.js';

export type CheckoutHold = Extract<JournalData<'checkout'>, { phase: 'held' }>;

/** While a hold lasts, the message is said again this often (and whenever the files change). */
export const HOLD_REPEAT_MS = 60_000;

export function holdMessage(base: string, path: string, files: readonly string[]): string {
  const shown = files.slice(0, 5).join(', ') + (files.length > 5 ? ` and ${files.length - 5} more` : '');
  return (
    `integration held: your checkout of ${base} at ${path} has uncommitted changes (${shown}), and grove ` +
    `never moves ${base} under uncommitted work. Commit or stash them (\`git -C ${path} stash -u\`); ` +
    `the queue goes on by itself once the checkout is clean`
  );
}

/**
 * The checkout refused a move after the round's look (the user edited, or created an untracked file
 * the merge adds): journal the hold now, so the next round waits for those paths instead of retrying.
 */
export function recordCheckoutRefusal(
  ctx: ProjectContext,
  base: string,
  refused: { path: string; files: string[] },
): void {
  const message = holdMessage(base, refused.path, refused.files);
  ctx.stores.tasks.appendEvent(null, {
    type: 'checkout',
    data: { phase: 'held', base, path: refused.path, files: refused.files, message },
  });
  ctx.stores.notifications.add({ kind: 'queue-held', taskId: null, message });
}

/** The hold the journal says is in force (the newest `checkout` event is `held`), if any. */
export function currentCheckoutHold(journal: Pick<Journal, 'query'>): CheckoutHold | undefined {
  const last = journal.query({ types: ['checkout'], last: 1 })[0];
  return last?.type === 'checkout' && last.data.phase === 'held' ? last.data : undefined;
}

/**
 * Before a round: undefined when the queue may move the base; the hold when the base's checkout is
 * dirty. Journals the hold (and tells the lead) when it starts, when its files change and every
 * HOLD_REPEAT_MS; journals `resumed` when a hold ends.
 */
export async function holdForCheckout(
  ctx: ProjectContext,
  notify: QueueHooks['notify'],
): Promise<CheckoutHold | undefined> {
  const stores = ctx.stores;
  const last = stores.journal.query({ types: ['checkout'], last: 1 })[0];
  const lastHold = last?.type === 'checkout' && last.data.phase === 'held' ? last : undefined;
  const waiting = ctx.config.queue.mode !== 'pr' && stores.queue.open().length > 0;
  const base = waiting || lastHold ? (await resolveBase(ctx)).name : undefined;
  // Paths that made git refuse a move last time keep the hold while they are there, tracked or not.
  const watch = lastHold?.type === 'checkout' && lastHold.data.phase === 'held' ? lastHold.data.files : [];
  const seen = base === undefined ? undefined : await inspectCheckout(ctx.paths.mainRoot, base, watch);
  const tell = (message: string): void => {
    const n = { kind: 'queue-held', taskId: null, message };
    if (notify) notify(n);
    else stores.notifications.add(n);
  };
  if (!waiting || !seen || seen.clean || seen.path === undefined) {
    if (lastHold && base !== undefined) {
      stores.tasks.appendEvent(null, {
        type: 'checkout',
        data: { phase: 'resumed', base, path: seen?.path ?? null },
      });
      if (waiting) tell(`integration resumed: the checkout of ${base} is clean, the queue goes on`);
    }
    return undefined;
  }
  const hold: CheckoutHold = {
    phase: 'held',
    base: base!,
    path: seen.path,
    files: seen.dirty,
    message: holdMessage(base!, seen.path, seen.dirty),
  };
  const same =
    lastHold?.type === 'checkout' &&
    lastHold.data.phase === 'held' &&
    lastHold.data.path === hold.path &&
    lastHold.data.files.join('\0') === hold.files.join('\0') &&
    ctx.now() - lastHold.at < HOLD_REPEAT_MS;
  if (!same) {
    stores.tasks.appendEvent(null, { type: 'checkout', data: hold });
    tell(hold.message);
  }
  return hold;
}
