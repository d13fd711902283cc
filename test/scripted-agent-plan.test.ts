// The real scripted agent in `--permission-mode plan` (an agent plan's plan-only turn): its edit steps
// are refused as Claude Code refuses them in plan mode, nothing changes, and `plan:` ends the run with
// the plan as the final message and result. Without plan mode the same script edits.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempRepo } from './helpers/git-repo.js';
import { runScriptedOnce } from './helpers/scripted-run.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const SCRIPT = [
  'steps:',
  '  - write: { path: new.txt, content: "new\\n" }',
  '  - edit: { path: README.md, find: "test repo", replace: "edited" }',
  '  - append: { path: README.md, content: "more\\n" }',
  '  - delete: README.md',
  "  - commit: 'should not happen'",
  '  - plan: "1. Add new.txt.\\n2. Edit README.md."',
  '',
].join('\n');

async function runAgent(mode: string | undefined) {
  const repo = makeTempRepo();
  const { r, events, cleanup } = await runScriptedOnce(
    repo.root,
    SCRIPT,
    mode ? ['--permission-mode', mode] : [],
  );
  cleanups.push(() => repo.cleanup(), cleanup);
  return { repo, r, events };
}

describe('the scripted agent in plan mode', () => {
  it('refuses write, edit, append, delete and commit steps and ends with the plan', async () => {
    const { repo, r, events } = await runAgent('plan');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(repo.root, 'new.txt'))).toBe(false);
    expect(readFileSync(join(repo.root, 'README.md'), 'utf8')).toBe('# test repo\n');
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('log', '--format=%s')).not.toContain('should not happen');
    const results = events.filter((e) => e.kind === 'tool_result');
    expect(results).toHaveLength(5);
    for (const t of results) {
      expect(t).toMatchObject({ ok: false });
      expect(t.kind === 'tool_result' ? t.text : '').toContain('Plan mode is active');
    }
    const finished = events.find((e) => e.kind === 'finished');
    expect(finished).toMatchObject({ ok: true, result: '1. Add new.txt.\n2. Edit README.md.' });
  });

  it('edits as usual without plan mode (the refusal is plan mode only)', async () => {
    const { repo, r } = await runAgent(undefined);
    expect(r.code).toBe(0);
    expect(existsSync(join(repo.root, 'README.md'))).toBe(false);
    expect(repo.git('log', '-1', '--format=%s').trim()).toBe('should not happen');
  });
});
