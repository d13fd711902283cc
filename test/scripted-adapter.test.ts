// The `scripted` adapter: script selection, a launch that really runs, resume, exit classification.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExitInfo, LaunchInput } from '../src/infra/agents/adapter.js';
import { scriptedAdapter, selectScript } from '../src/infra/agents/scripted/adapter.js';
import { findScriptedAgentBundle } from '../src/infra/agents/scripted/locate.js';
import { run } from '../src/infra/process/run.js';
import { AgentDefinitionSchema } from '../src/shared/config.js';
import type { TempRepo } from './helpers/git-repo.js';
import { makeTempRepo } from './helpers/git-repo.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(): { repo: TempRepo; input: (over?: Partial<LaunchInput>) => LaunchInput } {
  const repo = makeTempRepo();
  const home = mkdtempSync(join(tmpdir(), 'grove-scripted-home-'));
  cleanups.push(
    () => repo.cleanup(),
    () => rmSync(home, { recursive: true, force: true }),
  );
  const input = (over: Partial<LaunchInput> = {}): LaunchInput => ({
    agent: AgentDefinitionSchema.parse({ adapter: 'scripted' }),
    agentName: 'scripted',
    prompt: 'Write the hello file; it\'s "quoted" $HOME `and` ;rm -rf /',
    worktree: repo.root,
    repoRoot: repo.root,
    newSessionId: '11111111-2222-4333-8444-555555555555',
    groveEnv: { GROVE_TASK_ID: 'hello', GROVE_WORKTREE: repo.root, GROVE_REPO_ROOT: repo.root },
    homeDir: home,
    ...over,
  });
  return { repo, input };
}

async function launchAndRun(input: LaunchInput) {
  await scriptedAdapter.prepareHome?.(input);
  const launch = scriptedAdapter.buildLaunch(input);
  expect(launch.stdin).toBe('closed');
  // As the supervisor does: the launch's env on top of grove's own.
  const r = await run(launch.file, launch.args, {
    cwd: input.worktree,
    env: { ...process.env, ...launch.env },
  });
  const parse = scriptedAdapter.createParser();
  const events = r.stdout.split('\n').flatMap((l) => parse(l));
  return { launch, r, events };
}

describe('scripted adapter', () => {
  it('prefers .grove/scripts/<task>.yaml, then the agent script, then GROVE_SCRIPT', () => {
    const { repo, input } = setup();
    const withScript = input({
      agent: AgentDefinitionSchema.parse({ adapter: 'scripted', script: 'plan/all.yaml' }),
    });
    expect(selectScript(withScript)).toBe(join(repo.root, 'plan/all.yaml'));
    const viaEnv = input({
      agent: AgentDefinitionSchema.parse({ adapter: 'scripted', env: { GROVE_SCRIPT: 'e.yaml' } }),
    });
    expect(selectScript(viaEnv)).toBe(join(repo.root, 'e.yaml'));
    repo.write({ '.grove/scripts/hello.yaml': 'steps: []\n' });
    // In the worktree (here the worktree is the checkout): relative, as the agent runs in its worktree.
    expect(selectScript(withScript)).toBe('.grove/scripts/hello.yaml');
    expect(selectScript(input({ groveEnv: { GROVE_TASK_ID: 'other' } }))).toBeUndefined();
  });

  it('reads a script committed with the plan from the worktree, else from the main checkout', () => {
    const { repo, input } = setup();
    const worktree = mkdtempSync(join(tmpdir(), 'grove-scripted-wt-'));
    cleanups.push(() => rmSync(worktree, { recursive: true, force: true }));
    repo.write({ '.grove/scripts/hello.yaml': 'steps: []\n', 'plan/all.yaml': 'steps: []\n' });
    const agent = AgentDefinitionSchema.parse({ adapter: 'scripted', script: 'plan/all.yaml' });
    // Only the main checkout has them (not committed): absolute paths there.
    expect(selectScript(input({ worktree }))).toBe(join(repo.root, '.grove/scripts/hello.yaml'));
    expect(selectScript(input({ worktree, groveEnv: {}, agent }))).toBe(join(repo.root, 'plan/all.yaml'));
    // The worktree has them (an SSH host has no main checkout): relative to the agent's cwd.
    mkdirSync(join(worktree, '.grove/scripts'), { recursive: true });
    mkdirSync(join(worktree, 'plan'));
    writeFileSync(join(worktree, '.grove/scripts/hello.yaml'), 'steps: []\n');
    writeFileSync(join(worktree, 'plan/all.yaml'), 'steps: []\n');
    expect(selectScript(input({ worktree }))).toBe('.grove/scripts/hello.yaml');
    expect(selectScript(input({ worktree, groveEnv: {}, agent }))).toBe('plan/all.yaml');
    const launch = scriptedAdapter.buildLaunch(input({ worktree }));
    expect(launch.args).toContain('.grove/scripts/hello.yaml');
    // The agent's home goes by variable (an SSH host maps grove's variables to its folders).
    expect(launch.args).not.toContain('--home');
    expect(launch.env['GROVE_SCRIPTED_HOME']).toBe(input().homeDir);
  });

  it('launches the real agent with the prompt as one argument; resume continues the session on run 2', async () => {
    const { repo, input } = setup();
    repo.write({
      '.grove/scripts/hello.yaml': [
        'runs:',
        '  1:',
        '    - write: { path: hello.txt, content: "hello from {{task}} run {{run}}\\n" }',
        '    - result: { summary: first }',
        '  default:',
        '    - append: { path: hello.txt, content: "again on run {{run}}\\n" }',
        '    - commit: "hello"',
        '    - result: { summary: second }',
        '',
      ].join('\n'),
    });
    const first = await launchAndRun(input());
    expect(first.r.code).toBe(0);
    expect(first.launch.args).toContain(input().prompt);
    expect(first.events[0]).toEqual({
      kind: 'session',
      sessionId: '11111111-2222-4333-8444-555555555555',
      model: 'scripted-sonnet',
    });
    expect(first.events.find((e) => e.kind === 'tool_call')).toMatchObject({
      name: 'Write',
      files: [join(repo.root, 'hello.txt')],
    });
    expect(repo.git('status', '--porcelain')).toContain('hello.txt');

    const second = await launchAndRun(input({ resumeSessionId: '11111111-2222-4333-8444-555555555555' }));
    expect(second.launch.args).toContain('--resume');
    expect(second.events[0]).toMatchObject({ sessionId: '11111111-2222-4333-8444-555555555555' });
    expect(second.events.at(-1)).toMatchObject({ kind: 'finished', ok: true });
    expect(repo.git('show', 'HEAD:hello.txt')).toBe('hello from hello run 1\nagain on run 2\n');
  });

  it('runs the built-in default script when nothing names one', async () => {
    const { input } = setup();
    const { r, events } = await launchAndRun(input());
    expect(r.code).toBe(0);
    const finished = events.at(-1);
    expect(finished).toMatchObject({ kind: 'finished', ok: true });
    expect(finished?.kind === 'finished' && finished.result).toMatch(/without a script/);
  });

  it('classifies exits', () => {
    const base: ExitInfo = {
      code: 0,
      signal: null,
      sawFinished: true,
      finishedOk: true,
      lastError: undefined,
    };
    expect(scriptedAdapter.classifyExit(base)).toEqual({ kind: 'completed' });
    expect(scriptedAdapter.classifyExit({ ...base, code: null, signal: 'SIGKILL' })).toEqual({
      kind: 'killed',
      signal: 'SIGKILL',
    });
    expect(
      scriptedAdapter.classifyExit({ ...base, code: 1, sawFinished: false, lastError: 'Error: boom' }),
    ).toEqual({
      kind: 'failed',
      reason: 'exit code 1: Error: boom',
    });
    expect(scriptedAdapter.classifyExit({ ...base, sawFinished: false, finishedOk: undefined })).toEqual({
      kind: 'failed',
      reason: 'the agent exited without a result',
    });
    expect(scriptedAdapter.classifyExit({ ...base, finishedOk: false })).toMatchObject({ kind: 'failed' });
  });

  it('finds the agent bundle beside dist/cli.js and from the sources', () => {
    const bundle = resolve('dist/scripted-agent.js');
    expect(findScriptedAgentBundle(resolve('dist/cli.js'))).toBe(bundle);
    expect(findScriptedAgentBundle(resolve('src/infra/agents/scripted/adapter.ts'))).toBe(bundle);
    expect(scriptedAdapter.defaultBin).toBe(bundle);
  });
});
