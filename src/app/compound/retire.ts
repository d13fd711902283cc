// Retiring an AGENTS.md entry (`grove retro --retire`, or the old half of `--merge … --into`): the person
// decides the file has grown or an entry no longer holds; the bullet is removed, every other byte kept,
// and `--commit` commits it. Agents never do this.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listBullets, removeEntry } from '../../core/learnings/index.js';
import { git } from '../../infra/git/exec.js';
import { GroveError } from '../../shared/errors.js';
import type { ProjectContext } from '../context.js';
import { readAgentsMd } from './gather.js';

/** AGENTS.md has no bullet `entry`: the error, with the entries that share a word with it. */
export function noSuchEntry(agentsMd: string, entry: string): GroveError {
  const words = entry
    .toLowerCase()
    .split(/\W+/)
    .filter((w) => w.length > 3);
  const close = listBullets(agentsMd)
    .map((b) => b.text)
    .filter((t) => words.some((w) => t.toLowerCase().includes(w)))
    .slice(0, 5);
  return new GroveError('USAGE', `AGENTS.md has no entry "${entry}"`, {
    hint: close.length
      ? `give an entry's text as it is, e.g. ${close.map((c) => `"${c}"`).join(', ')}`
      : 'give the text of an entry as AGENTS.md has it (without the leading "- ")',
  });
}

export async function retireEntry(
  ctx: Pick<ProjectContext, 'paths'>,
  entry: string,
  options: { commit: boolean; message: string },
): Promise<{ removed: string; committed: boolean }> {
  const before = readAgentsMd(ctx);
  const result = removeEntry(before, entry);
  if (!result.removed) throw noSuchEntry(before, entry);
  const root = ctx.paths.mainRoot;
  writeFileSync(join(root, 'AGENTS.md'), result.text);
  if (options.commit) {
    const files = ['AGENTS.md', ...(existsSync(join(root, 'CLAUDE.md')) ? ['CLAUDE.md'] : [])];
    await git(root, ['add', '--', ...files]);
    await git(root, ['commit', '-q', '-m', options.message, '--', ...files]);
  }
  return { removed: entry, committed: options.commit };
}
