import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { findExecutable } from '../../src/infra/agents/registry-probe.js';
import type { TempRepo } from '../helpers/git-repo.js';
import { makeTempRepo } from '../helpers/git-repo.js';
import { fixture } from '../fixtures/agents/project.js';

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

describe('grove agents', () => {
  it('lists built-in and configured agents, whether each program is found, and its version', () => {
    const config = {
      default_agent: 'mine',
      agents: {
        mine: { adapter: 'command', bin: fixture('versioned.sh') },
        missing: { adapter: 'command', bin: 'no-such-agent-cli-xyz' },
      },
    };
    repo = makeTempRepo({ files: { '.grove/config.yaml': stringify(config) } });
    const out = execFileSync(process.execPath, [resolve('bin/grove.js'), 'agents', '--json'], {
      cwd: repo.root,
      encoding: 'utf8',
    });
    const list = JSON.parse(out) as Array<Record<string, unknown>>;
    expect(list.map((a) => a.name)).toEqual(['claude', 'codex', 'gemini', 'mine', 'missing', 'scripted']);
    expect(list.find((a) => a.name === 'mine')).toMatchObject({
      adapter: 'command',
      source: 'config',
      path: fixture('versioned.sh'),
      version: null, // a command agent is never run to ask (issue 24): it may be any script
      versionAsked: false,
      adapterAvailable: true,
      default: true,
    });
    expect(list.find((a) => a.name === 'missing')).toMatchObject({ path: null, version: null });
    expect(list.find((a) => a.name === 'claude')).toMatchObject({
      source: 'built-in',
      bin: 'claude',
      versionAsked: true,
    });
    expect(list.find((a) => a.name === 'scripted')).toMatchObject({ versionAsked: true });
    expect(list.find((a) => a.name === 'scripted')?.version).toMatch(/\d/);
  });

  it("never runs a command agent's program: a script with side effects is left alone", () => {
    const config = { agents: { deploy: { adapter: 'command', bin: './deploy.sh' } } };
    repo = makeTempRepo({
      files: {
        '.grove/config.yaml': stringify(config),
        'deploy.sh': '#!/bin/sh\necho ran "$@" >> ran.txt\n',
      },
    });
    chmodSync(join(repo.root, 'deploy.sh'), 0o755);
    const out = execFileSync(process.execPath, [resolve('bin/grove.js'), 'agents'], {
      cwd: repo.root,
      encoding: 'utf8',
    });
    expect(out).toMatch(
      /deploy +command +\S+deploy\.sh \(version not asked: a command agent may be any program\)/,
    );
    expect(existsSync(join(repo.root, 'ran.txt'))).toBe(false);
  });
});

describe('findExecutable', () => {
  it('looks names up on PATH and paths relative to the repository, without a shell', () => {
    const dir = resolve('test/fixtures/agents');
    expect(findExecutable('versioned.sh', '/', dir)).toBe(fixture('versioned.sh'));
    expect(findExecutable('./versioned.sh', dir, '')).toBe(fixture('versioned.sh'));
    expect(findExecutable('wait.ts', '/', dir)).toBeUndefined(); // not executable
    expect(findExecutable('versioned.sh; rm -rf /', '/', dir)).toBeUndefined();
    expect(findExecutable('', '/', dir)).toBeUndefined();
  });
});
