import type { Migration } from './index.js';

export const m032AttemptModel: Migration = {
  version: 32,
  name: 'the model an attempt reported, to price the tokens of agents that report no cost',
  sql: `ALTER TABLE attempts ADD COLUMN model TEXT;`,
};
