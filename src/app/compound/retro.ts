// Applies decided proposals: accepted entries become bullets under their AGENTS.md section (every other
// byte kept), CLAUDE.md imports AGENTS.md when Claude Code is in use, and `--commit` commits both.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allAgents } from '../../core/agents.js';
import type { AcceptedEntry } from '../../core/learnings/index.js';
import { applyAccepted, ensureClaudeImport } from '../../core/learnings/index.js';
import { git } from '../../infra/git/exec.js';
import type { ProjectContext } from '../context.js';
import { latestCycle } from '../report/cycle-report.js';
import { readAgentsMd } from './gather.js';

export interface RetroApplied {
  inserted: Array<{ line: number; text: string }>;
  claudeImportAdded: boolean;
  committed: boolean;
}

type AgentsMdContext = Pick<ProjectContext, 'paths' | 'config' | 'tasks' | 'stores'>;

function usesClaude(ctx: AgentsMdContext): boolean {
  const agents = allAgents(ctx.config);
  const names = new Set([
    ctx.config.default_agent,
    ...ctx.tasks.map((t) => t.agent ?? ctx.config.default_agent),
  ]);
  return [...names].some((n) => agents[n]?.adapter === 'claude');
}

export async function applyToAgentsMd(
  ctx: AgentsMdContext,
  entries: readonly AcceptedEntry[],
  options: { commit: boolean },
): Promise<RetroApplied> {
  const root = ctx.paths.mainRoot;
  const result = applyAccepted(readAgentsMd(ctx), entries);
  const changed: string[] = [];
  if (result.added.length > 0) {
    writeFileSync(join(root, 'AGENTS.md'), result.text);
    changed.push('AGENTS.md');
  }
  let claudeImportAdded = false;
  if (result.added.length > 0 && usesClaude(ctx)) {
    const path = join(root, 'CLAUDE.md');
    const claude = ensureClaudeImport(existsSync(path) ? readFileSync(path, 'utf8') : undefined);
    if (claude.changed) {
      writeFileSync(path, claude.text);
      claudeImportAdded = true;
      changed.push('CLAUDE.md');
    }
  }
  if (options.commit && changed.length > 0) {
    await git(root, ['add', '--', ...changed]);
    await git(root, [
      'commit',
      '-q',
      '-m',
      `AGENTS.md: ${result.added.length} learning${result.added.length === 1 ? '' : 's'} from grove cycle ${latestCycle(ctx.stores)}`,
      '--',
      ...changed,
    ]);
  }
  return { inserted: result.inserted, claudeImportAdded, committed: options.commit && changed.length > 0 };
}
