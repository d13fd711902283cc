// Every command `grove --help` lists must have an entry in README.md's `## Command reference`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

function listedCommands(help: string): string[] {
  const section = help.split(/^Commands:\n/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][a-z0-9-]*)\b/gm)]
    .map((m) => m[1] as string)
    .filter((c) => c !== 'help');
}

describe('README command reference', () => {
  it('documents every command grove --help lists', () => {
    const help = execFileSync(process.execPath, ['bin/grove.js', '--help'], { encoding: 'utf8' });
    const commands = listedCommands(help);
    expect(commands).toContain('init');
    expect(commands).toContain('plan');
    const readme = readFileSync('README.md', 'utf8');
    const reference = readme.split(/^## Command reference\s*$/m)[1]?.split(/^## /m)[0] ?? '';
    expect(reference, 'README.md needs a `## Command reference` section').not.toBe('');
    const missing = commands.filter((c) => !reference.includes(`\`grove ${c}`));
    expect(missing, 'add a line "- `grove <command> ...` — what it does" to README.md').toEqual([]);
  });

  it('every command has --help with an example', () => {
    const help = execFileSync(process.execPath, ['bin/grove.js', '--help'], { encoding: 'utf8' });
    const withoutExample = listedCommands(help).filter((c) => {
      const text = execFileSync(process.execPath, ['bin/grove.js', c, '--help'], { encoding: 'utf8' });
      return !/Example/i.test(text);
    });
    expect(withoutExample).toEqual([]);
  });
});
