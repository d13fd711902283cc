// Where the project's spec files live under the main checkout. A module of its own so that a reader of
// the paths (the cached config, the conflicts scan) does not load the validators of load.ts.
export const GROVE_DIR = '.grove';
export const CONFIG_FILE = '.grove/config.yaml';
export const TASKS_DIR = '.grove/tasks';
