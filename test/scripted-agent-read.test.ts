// The real scripted agent's `read` step: it reads a file as an agent reads AGENTS.md (a Read tool call)
// and follows `then` or `else` by what the file says — how a demo task takes a lesson's path.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClaudeParser } from '../src/infra/agents/claude/parse.js';
import { findScriptedAgentBundle } from '../src/infra/agents/scripted/locate.js';
import { run } from '../src/infra/process/run.js';
import { GIT_TEST_ENV, makeTempRepo } from './helpers/git-repo.js';

const AGENT = findScriptedAgentBundle(resolve('src/infra/agents/scripted/main.ts')) ?? '';
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
  const home = mkdtempSync(join(tmpdir(), 'grove-scripted-read-'));
  cleanups.push(
    () => repo.cleanup(),
    () => rmSync(home, { recursive: true, force: true }),
  );
  if (agentsMd !== undefined) writeFileSync(join(repo.root, 'AGENTS.md'), agentsMd);
  const script = join(home, 'script.yaml');
  writeFileSync(script, SCRIPT);
  const args = ['-p', 'do it', '--output-format', 'stream-json', '--script', script, '--home', home];
  const r = await run(process.execPath, [AGENT, ...args], { cwd: repo.root, env: GIT_TEST_ENV });
  const parse = createClaudeParser();
  const events = r.stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .flatMap((l) => parse(l));
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
