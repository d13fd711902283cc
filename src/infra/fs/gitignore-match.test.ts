import { describe, expect, it } from 'vitest';
import { compileGitignore } from './gitignore-match.js';

describe('compileGitignore', () => {
  const m = compileGitignore([
    '# comment',
    '',
    '.env*',
    '!.env.example',
    'node_modules/',
    '/build',
    'config/*.local',
    '**/cache/*.bin',
  ]);
  it('matches names at any depth unless anchored', () => {
    expect(m.matches('.env', false)).toBe(true);
    expect(m.matches('apps/web/.env.local', false)).toBe(true);
    expect(m.matches('build', true)).toBe(true);
    expect(m.matches('apps/build', true)).toBe(false);
  });
  it('applies negation with the last matching rule winning', () => {
    expect(m.matches('.env.example', false)).toBe(false);
  });
  it('honours folder-only patterns and selects everything under a selected folder', () => {
    expect(m.matches('node_modules', true)).toBe(true);
    expect(m.matches('node_modules', false)).toBe(false);
    expect(m.matches('node_modules/x/index.js', false)).toBe(true);
    expect(m.matches('build/out/a.js', false)).toBe(true);
  });
  it('matches anchored globs and ** and says which folders a pattern reaches into', () => {
    expect(m.matches('config/app.local', false)).toBe(true);
    expect(m.matches('config/app.json', false)).toBe(false);
    expect(m.matches('a/b/cache/x.bin', false)).toBe(true);
    expect(m.reachesInto('config')).toBe(true);
    expect(m.reachesInto('docs')).toBe(true); // `**/cache/*.bin` could be anywhere
    expect(compileGitignore(['config/*.local']).reachesInto('docs')).toBe(false);
    expect(compileGitignore(['node_modules/.cache/']).reachesInto('node_modules')).toBe(true);
  });
  it('selects nothing without patterns', () => {
    expect(compileGitignore([]).matches('.env', false)).toBe(false);
  });
});
