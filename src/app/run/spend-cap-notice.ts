// Tells the lead, once, that a fleet spend cap is reached (config `budgets.usd_per_cycle`,
// `budgets.usd_per_day`): a `spend-cap` notification through the notifier (stored, a terminal line in
// `grove run`, notify.command, the webhook, ntfy and the desktop). Told again only for another cap or
// period (a new day, a raised cap reached again) or by another `grove run`, never every scheduler pass.
import { capKey, capReachedMessage } from '../../core/spend.js';
import type { RunRuntime } from './runtime.js';
import { collectSpend } from './spend.js';

export interface SpendCapNotice {
  /** Looks at the caps now; notifies when a cap is newly reached. */
  check(): void;
}

export function createSpendCapNotice(rt: RunRuntime): SpendCapNotice {
  const config = rt.ctx.config;
  const on = config.budgets.usd_per_cycle !== undefined || config.budgets.usd_per_day !== undefined;
  let lastKey = '';
  return {
    check() {
      if (!on) return;
      const { reached } = collectSpend(rt.stores, config, rt.ctx.tasks, rt.ctx.now());
      const key = capKey(reached);
      if (key === lastKey) return;
      lastKey = key;
      if (reached.length > 0)
        rt.notifier.notify({ kind: 'spend-cap', taskId: null, message: capReachedMessage(reached) });
    },
  };
}
