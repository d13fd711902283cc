import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gitText } from '../../infra/git/exec.js';
import { GroveError } from '../../shared/errors.js';
import { checkRealAgent } from './agent-check.js';
import { createSampleRepo, withDefaultAgent } from './sample-repo.js';
import { demoTemplateDir } from './template-dir.js';

const PKG = resolve(import.meta.dirname, '..', '..', '..');
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'grove-demo-unit-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const gitOut = (cwd: string, ...args: string[]): Promise<string> => gitText(cwd, args);

describe('demoTemplateDir', () => {
  it('finds templates/demo from the bundle folder (dist) and from the sources', () => {
    const expected = join(PKG, 'templates', 'demo');
    expect(demoTemplateDir(join(PKG, 'dist'))).toBe(expected);
    expect(demoTemplateDir(join(PKG, 'src', 'app', 'demo'))).toBe(expected);
  });

  it('says where it looked when the templates are missing', () => {
    const empty = tempDir();
    expect(() => demoTemplateDir(join(empty, 'dist'))).toThrow(/templates.demo.*missing/);
  });
});

describe('createSampleRepo', () => {
  it('makes a clean repository on main with one commit and a local identity', async () => {
    const parent = tempDir();
    const root = await createSampleRepo({ parent, template: demoTemplateDir() });
    expect(root).toBe(join(parent, 'tiny-shop'));
    expect(await gitOut(root, 'branch', '--show-current')).toBe('main');
    expect(await gitOut(root, 'rev-list', '--count', 'HEAD')).toBe('1');
    expect(await gitOut(root, 'status', '--porcelain')).toBe('');
    expect(await gitOut(root, 'config', '--local', 'user.email')).toBe('demo@grove.invalid');
    expect(await gitOut(root, 'ls-files')).toContain('.grove/scripts/price-format.yaml');
    expect(readFileSync(join(root, '.grove', 'config.yaml'), 'utf8')).toContain('default_agent: scripted');
  });

  it('with an agent, rewrites default_agent and keeps the comments', async () => {
    const root = await createSampleRepo({ parent: tempDir(), template: demoTemplateDir(), agent: 'claude' });
    const text = readFileSync(join(root, '.grove', 'config.yaml'), 'utf8');
    expect(text).toContain('default_agent: claude');
    expect(text).toContain('# grove demo plan');
  });

  it('withDefaultAgent changes only that key', () => {
    const before = '# top\ndefault_agent: scripted # who\nwip: 3\n';
    expect(withDefaultAgent(before, 'codex')).toBe('# top\ndefault_agent: codex # who\nwip: 3\n');
  });
});

describe('checkRealAgent', () => {
  it('fails with AGENT_NOT_FOUND and how to install it when the CLI is not on PATH', () => {
    const empty = tempDir();
    try {
      checkRealAgent('claude', empty);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GroveError);
      expect((e as GroveError).code).toBe('AGENT_NOT_FOUND');
      expect((e as GroveError).message).toContain('`claude` is not on PATH');
      expect((e as GroveError).hint).toContain('@anthropic-ai/claude-code');
    }
  });

  it('returns the program found on PATH', () => {
    const bin = join(tempDir(), 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'gemini'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(bin, 'gemini'), 0o755);
    expect(checkRealAgent('gemini', bin)).toBe(join(bin, 'gemini'));
  });
});
