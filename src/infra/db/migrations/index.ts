import { m001Tasks } from './001-tasks.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Applied in order on open; `PRAGMA user_version` records the last one applied. */
export const MIGRATIONS: readonly Migration[] = [m001Tasks];
