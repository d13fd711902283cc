import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
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
      version: 'versioned-agent 1.2.3',
      adapterAvailable: true,
      default: true,
    });
    expect(list.find((a) => a.name === 'missing')).toMatchObject({ path: null, version: null });
    expect(list.find((a) => a.name === 'claude')).toMatchObject({ source: 'built-in', bin: 'claude' });
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
