// Issue 20, keeping AGENTS.md short and right: `grove retro` says where the file stands against its size
// budget (config agents_md) and warns past it, flags a proposal that may contradict an entry, retires an
// entry, and merges a proposal into one — the person decides each. The real bin, real git.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDashboardProcess } from '../helpers/dashboard-process.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const AGENTS = [
  '# AGENTS.md',
  '',
  '## STYLE',
  '- Never use default exports.',
  '- Use tabs for indentation.',
  '',
  '## GOTCHAS',
  '',
].join('\n');

function makeProject(): GroveProject {
  const g = makeGroveProject({
    config: 'agents_md: { max_lines: 50, max_entries_per_section: 1 }\n',
    tasks: ['t'],
    files: { 'AGENTS.md': AGENTS },
  });
  expect(g.grove('plan').code).toBe(0);
  return g;
}

describe('grove retro: curating AGENTS.md', () => {
  it('shows the size budget, flags a contradiction, retires and merges entries', async () => {
    p = makeProject();
    expect(p.grove('note', 't', 'STYLE: Use default exports for components').code).toBe(0);
    const listed = p.grove('retro');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('AGENTS.md: 7 of 50 lines; entries per section: STYLE 2/1');
    expect(listed.stdout).toContain('over budget: STYLE has 2 entries, over its budget of 1');
    expect(listed.stdout).toContain('may contradict AGENTS.md: "Never use default exports."');
    const json = JSON.parse(p.grove('retro', '--json').stdout) as Array<{
      id: string;
      contradicts: string[];
    }>;
    expect(json[0]?.contradicts).toEqual(['Never use default exports.']);
    // The dashboard's Learnings page gets the same hint.
    const dashboard = await startDashboardProcess(p.root);
    try {
      const token = new URL(dashboard.url).searchParams.get('token') ?? '';
      const res = await fetch(`${dashboard.origin}/api/learnings`, { headers: { 'x-grove-token': token } });
      expect(((await res.json()) as Array<{ contradicts: string[] }>)[0]?.contradicts).toEqual([
        'Never use default exports.',
      ]);
    } finally {
      await dashboard.stop();
    }

    const retired = p.grove('retro', '--retire', 'use tabs for indentation', '--commit');
    expect(retired.code, retired.stderr).toBe(0);
    expect(retired.stdout).toContain('retired "use tabs for indentation" from AGENTS.md (committed)');
    expect(readFileSync(join(p.root, 'AGENTS.md'), 'utf8')).toBe(
      AGENTS.replace('- Use tabs for indentation.\n', ''),
    );
    expect(p.git('log', '-1', '--format=%s')).toContain('AGENTS.md: an entry retired');
    const events = p.grove('events', '--type', 'agents-md', '--json');
    expect(events.stdout).toContain('"retired":"use tabs for indentation","by":"cli"');
    expect(p.git('status', '--porcelain')).toBe('');

    const missing = p.grove('retro', '--retire', 'default export rule');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('AGENTS.md has no entry "default export rule"');
    expect(missing.stderr).toContain('"Never use default exports."');

    const merged = p.grove(
      'retro',
      '--merge',
      json[0]!.id,
      '--into',
      'Never use default exports.',
      '--entry',
      'Use default exports only for React components; named exports elsewhere',
      '--commit',
    );
    expect(merged.code, merged.stderr).toBe(0);
    const after = readFileSync(join(p.root, 'AGENTS.md'), 'utf8');
    expect(after).toContain('- Use default exports only for React components; named exports elsewhere');
    expect(after).not.toContain('Never use default exports');
    expect(p.git('status', '--porcelain')).toBe('');
    const decided = JSON.parse(p.grove('retro', '--json').stdout) as Array<{ status: string }>;
    expect(decided[0]?.status).toBe('accepted');

    // A scope the lead approved beyond a task's owns is a lesson too, with the paths as evidence.
    expect(p.grove('approve-scope', 't', 'src/shared/**').code).toBe(0);
    const scoped = JSON.parse(p.grove('retro', '--json').stdout) as Array<{
      entry: string;
      evidence: Array<{ source: string; files?: string[] }>;
    }>;
    expect(scoped.find((x) => x.evidence[0]?.source === 'scope-approved')).toMatchObject({
      entry:
        'Work like t also touches src/shared/**: let its spec own them (the lead approved them beyond its owns)',
      evidence: [{ task: 't', source: 'scope-approved', files: ['src/shared/**'] }],
    });

    const bad = p.grove('retro', '--merge', json[0]!.id, '--entry', 'x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('needs --into');
  });
});
