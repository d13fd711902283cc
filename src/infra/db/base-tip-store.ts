import type { Db } from './open.js';

/** The tip the merge queue last moved each base to (or accepted as its starting point). */
export class BaseTipStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  get(base: string): { tip: string; at: number } | undefined {
    return this.db.prepare('SELECT tip, at FROM base_tips WHERE base = ?').get(base) as
      { tip: string; at: number } | undefined;
  }

  set(base: string, tip: string): void {
    this.db
      .prepare(
        'INSERT INTO base_tips (base, tip, at) VALUES (?, ?, ?) ON CONFLICT(base) DO UPDATE SET tip = excluded.tip, at = excluded.at',
      )
      .run(base, tip, this.now());
  }
}
