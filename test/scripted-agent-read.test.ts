// The real scripted agent's `read` step: it reads a file as an agent reads AGENTS.md (a Read tool call)
// and follows `then` or `else` by what the file says — how a demo task takes a lesson's path.
import { readFileSync, writeFileSync } from 'node:fs';
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
  '  - read:',
  '      path: AGENTS.md',
  "      contains: 'toFixed(2)'",
  '      then:',
  '        - write: { path: out.txt, content: "followed the lesson\\n" }',
  '      else:',
  '        - write: { path: out.txt, content: "no lesson\\n" }',
  "  - result: { summary: 'done' }",
  '',
].join('\n');

async function runAgent(agentsMd: string | undefined) {
  const repo = makeTempRepo();
  if (agentsMd !== undefined) writeFileSync(join(repo.root, 'AGENTS.md'), agentsMd);
  const { r, events, cleanup } = await runScriptedOnce(repo.root, SCRIPT);
  cleanups.push(() => repo.cleanup(), cleanup);
  return { out: readFileSync(join(repo.root, 'out.txt'), 'utf8'), r, events };
}

describe('the scripted agent reads a file and follows what it says', () => {
  it('takes `then` when the file holds the text, with a Read tool call', async () => {
    const { out, r, events } = await runAgent('## GOTCHAS\n- Pad cents with toFixed(2)\n');
    expect(r.code).toBe(0);
    expect(out).toBe('followed the lesson\n');
    const read = events.find((e) => e.kind === 'tool_call' && e.name === 'Read');
    expect(read).toBeDefined();
  });

  it('takes `else` when the file lacks the text or does not exist', async () => {
    expect((await runAgent('## GOTCHAS\n')).out).toBe('no lesson\n');
    expect((await runAgent(undefined)).out).toBe('no lesson\n');
  });
});
