import type { Migration } from './index.js';

/**
 * Gate results keyed by tree: a command gate records the git tree it tested and a key of the
 * environment it ran in, so the merge queue can reuse a pass on the same tree instead of testing it
 * again; a reused run names the run it reused.
 */
export const m037GateTreeReuse: Migration = {
  version: 37,
  name: 'gate results keyed by tree (reused passes)',
  sql: `
    ALTER TABLE gate_runs ADD COLUMN tree_sha TEXT;
    ALTER TABLE gate_runs ADD COLUMN env_key TEXT;
    ALTER TABLE gate_runs ADD COLUMN reused_from INTEGER;
    CREATE INDEX gate_runs_tree ON gate_runs(tree_sha, command) WHERE tree_sha IS NOT NULL AND ok = 1;
  `,
};
