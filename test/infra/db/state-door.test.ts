// The transition table is the only door (issue 16): only the task store moves a task, so every move
// is checked against the table and journaled. A source scan fails on any other writer of a state.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const DOOR = 'src/infra/db/task-store.ts';

/** What in `source` writes a task state or a 'state' journal event, as "line: what" (SQL may span lines). */
function stateWrites(source: string): string[] {
  const patterns: Array<[RegExp, string]> = [
    [/UPDATE\s+tasks\s+SET\b[^;'"`]*?\bstate\s*=/gi, 'UPDATE tasks SET state'],
    [/INSERT\s+(?:OR\s+\w+\s+)?INTO\s+tasks\b/gi, 'INSERT INTO tasks'],
    [/appendEvent\(\s*[^,()]+,\s*['"`]state['"`]/g, "appendEvent(…, 'state', …)"],
    [/\btype:\s*['"`]state['"`]/g, "an event row of type 'state'"],
    [/INSERT\s+INTO\s+events\b[^;]*?'state'/gi, "INSERT INTO events … 'state'"],
  ];
  const found: Array<[number, string]> = [];
  for (const [re, what] of patterns)
    for (const m of source.matchAll(re)) found.push([source.slice(0, m.index).split('\n').length, what]);
  return found.sort((a, b) => a[0] - b[0]).map(([line, what]) => `${line}: ${what}`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('the state door', () => {
  it('recognises each way of writing a state', () => {
    expect(stateWrites("db.prepare('UPDATE tasks SET state = ?, updated_at = ? WHERE id = ?')")).toHaveLength(
      1,
    );
    expect(stateWrites("db.prepare('UPDATE tasks SET title = ? WHERE id = ?')")).toEqual([]);
    expect(stateWrites("store.appendEvent(id, 'state', { from, to })")).toHaveLength(1);
    expect(stateWrites("store.appendEvent(id, 'workspace', { state: 'x' })")).toEqual([]);
    expect(stateWrites("appendEvent(this.db, { at, taskId, type: 'state', data })")).toHaveLength(1);
    expect(stateWrites("x\n.prepare(\"INSERT INTO tasks (id, state) VALUES ('a', 'running')\")")).toEqual([
      '2: INSERT INTO tasks',
    ]);
    expect(stateWrites('db.prepare(`\n  UPDATE tasks\n  SET updated_at = ?,\n      state = ?\n`)')).toEqual([
      '2: UPDATE tasks SET state',
    ]);
  });

  it('is the task store alone: no other source file writes a task state or a state event', () => {
    const files = sourceFiles(join(ROOT, 'src'));
    expect(files.length).toBeGreaterThan(50);
    expect(files.map((f) => relative(ROOT, f))).toContain(DOOR);
    expect(stateWrites(readFileSync(join(ROOT, DOOR), 'utf8')).length).toBeGreaterThanOrEqual(3);
    const others = files
      .filter((f) => relative(ROOT, f) !== DOOR)
      .flatMap((f) => stateWrites(readFileSync(f, 'utf8')).map((w) => `${relative(ROOT, f)}:${w}`));
    expect(others).toEqual([]);
  });
});
