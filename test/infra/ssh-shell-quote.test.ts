import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { remotePath, shellLine } from '../../src/infra/ssh/shell-quote.js';

const echo = (line: string): string =>
  execFileSync('sh', ['-c', `printf '%s\\n' ${line}`], { encoding: 'utf8', env: { HOME: '/home/u' } });

describe('quoting for the remote shell', () => {
  it('every word arrives as written, whatever it holds', () => {
    const words = ['plain', "it's", 'a b', '$HOME', '`x`', '"q"', '-n', '*', 'semi;colon', ''];
    expect(echo(shellLine(words))).toBe(`${words.join('\n')}\n`);
  });

  it('~/ in a config folder is the remote home; the rest is literal', () => {
    expect(echo(remotePath('~/grove root'))).toBe('/home/u/grove root\n');
    expect(echo(remotePath('/srv/$x'))).toBe('/srv/$x\n');
  });
});
