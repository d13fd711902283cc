import { describe, expect, it } from 'vitest';
import { resolveTaskBudget } from './budget-resolve.js';

const BUDGETS = {
  tokens: 2_000_000,
  usd: 5,
  roles: { frontend: { tokens: 180_000 }, backend: { tokens: 280_000, usd: 3 } },
};

describe('resolveTaskBudget: the task’s own budget > its role’s > the default', () => {
  it('gives a role’s tokens to a task of that role (the method’s frontend 180k, backend 280k)', () => {
    expect(resolveTaskBudget({ role: 'frontend' }, BUDGETS)).toEqual({
      tokens: 180_000,
      tokensFrom: 'role',
      usd: 5,
      usdFrom: 'default',
      role: 'frontend',
    });
    expect(resolveTaskBudget({ role: 'backend' }, BUDGETS)).toMatchObject({
      tokens: 280_000,
      usd: 3,
      usdFrom: 'role',
    });
  });

  it('the task’s own budget wins, per kind', () => {
    expect(resolveTaskBudget({ role: 'backend', budget: { tokens: 50_000 } }, BUDGETS)).toMatchObject({
      tokens: 50_000,
      tokensFrom: 'task',
      usd: 3,
      usdFrom: 'role',
    });
    expect(resolveTaskBudget({ role: 'backend', budget: { usd: 1 } }, BUDGETS)).toMatchObject({
      tokens: 280_000,
      usd: 1,
      usdFrom: 'task',
    });
  });

  it('no role, no budget: the defaults; no dollar default: no dollar budget', () => {
    expect(resolveTaskBudget(undefined, BUDGETS)).toMatchObject({ tokens: 2_000_000, tokensFrom: 'default' });
    expect(resolveTaskBudget({}, { tokens: 10, roles: {} })).toEqual({
      tokens: 10,
      tokensFrom: 'default',
      usd: null,
      usdFrom: null,
      role: null,
    });
  });
});
