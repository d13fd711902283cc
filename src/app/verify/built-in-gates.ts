// The gates grove always runs before the configured ones: the work is committed (leftovers committed
// for the agent when config `commit_leftovers`), nothing changed outside the task's `owns`, and the
// branch leaves the knowledge files (AGENTS.md, CLAUDE.md) and grove's control files (`.grove/`: the
// config with its gates and hooks, task specs, scripts) alone — a person curates those.
import { isOwned, ownershipViolations } from '../../core/ownership.js';
import { git, gitText } from '../../infra/git/exec.js';
import { worktreeStatus } from '../../infra/git/status.js';
import type { StatusEntry } from '../../infra/git/parse/status.js';
import { committedConflictMarkers, operationInProgress } from '../../infra/git/catch-up.js';
import type { TaskSpec } from '../../shared/task-spec.js';

export type BuiltInResult = { ok: true; note: string } | { ok: false; output: string };

export interface BuiltInGate {
  name: 'committed' | 'ownership' | 'knowledge-file';
  command: string;
  run(): Promise<BuiltInResult>;
}

const KNOWLEDGE_FILE = /(^|\/)(AGENTS|CLAUDE)\.md$/;
const CONTROL_DIR = '.grove/';

/**
 * A change under `.grove/` passes only where the lead allowed that path by name (`grove approve-scope
 * <task> .grove/<path>`): an approval of a wide glob such as `**` for the task's code does not open the
 * gates, hooks and specs every later run obeys.
 */
export function unapprovedControlFiles(changed: readonly string[], approved: readonly string[]): string[] {
  const named = approved.filter((a) => a.replace(/^\.\//, '').startsWith(CONTROL_DIR));
  return changed.filter((f) => f.startsWith(CONTROL_DIR) && !isOwned(f, named));
}

/** Files the branch changed since it left `base` (three-dot: the merge base). */
async function changedOnBranch(worktree: string, base: string): Promise<string[]> {
  const out = await gitText(worktree, ['diff', '--name-only', '-z', `${base}...HEAD`]);
  return out.split('\0').filter((f) => f !== '');
}

/**
 * How a failed gate says a conflict is not resolved (src/app/run/open-conflict.ts): the `committed`
 * gate here, or the HEAD check while a rebase is unfinished (src/core/verify/head.ts).
 */
export const UNRESOLVED_CONFLICT =
  /a (merge|rebase)( of \S+)? is in progress and not finished|conflict markers are committed on the branch/;

/**
 * A merge or rebase stopped at conflicts (grove's catch-up or the agent's own) is not committed work,
 * and its leftovers are never committed for the agent: the markers would land.
 */
async function unfinishedMerge(
  worktree: string,
  entries: readonly StatusEntry[],
): Promise<BuiltInResult | undefined> {
  const how = await operationInProgress(worktree);
  const unmerged = entries.filter((e) => e.kind === 'unmerged').map((e) => e.path);
  if (!how && unmerged.length === 0) return undefined;
  const finish = how === 'rebase' ? '`git rebase --continue`' : '`git commit --no-edit`';
  return {
    ok: false,
    output: `a ${how ?? 'merge'} is in progress and not finished${unmerged.length > 0 ? `; conflicts not resolved in:\n${unmerged.join('\n')}` : ''}\nEdit each file to its resolved content (no conflict markers left), \`git add\` it, then ${finish}.`,
  };
}

/** The branch changed something, and what it committed carries no conflict markers. */
async function resolvedAndChanged(worktree: string, base: string, note: string): Promise<BuiltInResult> {
  const markers = await committedConflictMarkers(worktree, base);
  if (markers.length > 0)
    return {
      ok: false,
      output: `conflict markers are committed on the branch (a conflict was not resolved):\n${markers.map((m) => `${m.file}:${m.line}`).join('\n')}\nEdit each place to its resolved content and commit.`,
    };
  return nothingChanged(worktree, base, note);
}

/**
 * A branch that changes nothing since it left `base` has nothing to land: the gate fails instead of
 * letting an empty commit through the queue.
 */
async function nothingChanged(worktree: string, base: string, note: string): Promise<BuiltInResult> {
  const diff = await git(worktree, ['diff', '--quiet', `${base}...HEAD`, '--'], { okCodes: [0, 1] });
  if (diff.code === 1) return { ok: true, note };
  return {
    ok: false,
    output: `the branch has no changes against ${base}: nothing to land. Make the task's change and commit it; if nothing is needed, say so in the result's summary (the lead then abandons the task).`,
  };
}

export function builtInGates(
  spec: Pick<TaskSpec, 'id' | 'title' | 'owns'>,
  worktree: string,
  base: string,
  commitLeftovers: boolean,
  approved: readonly string[] = [],
): BuiltInGate[] {
  return [
    {
      name: 'committed',
      command: 'git status --porcelain',
      async run() {
        const st = await worktreeStatus(worktree);
        const unresolved = await unfinishedMerge(worktree, st.entries);
        if (unresolved) return unresolved;
        const left = st.entries.filter((e) => e.kind !== 'ignored').map((e) => e.path);
        if (left.length === 0) return resolvedAndChanged(worktree, base, 'the work is committed');
        if (!commitLeftovers) {
          return {
            ok: false,
            output: `uncommitted changes in the worktree (commit them; config commit_leftovers is off):\n${left.join('\n')}`,
          };
        }
        await git(worktree, ['add', '-A']);
        await git(
          worktree,
          ['commit', '-q', '--no-verify', '-m', `${spec.id}: leftover changes (committed by grove)`],
          {
            env: {
              GIT_AUTHOR_NAME: 'grove',
              GIT_AUTHOR_EMAIL: 'grove@localhost',
              GIT_COMMITTER_NAME: 'grove',
              GIT_COMMITTER_EMAIL: 'grove@localhost',
            },
          },
        );
        return resolvedAndChanged(
          worktree,
          base,
          `grove committed ${left.length} leftover file(s) for the agent`,
        );
      },
    },
    {
      name: 'ownership',
      command: `owns: ${spec.owns.join(', ')}`,
      async run() {
        const outside = ownershipViolations(await changedOnBranch(worktree, base), [
          ...spec.owns,
          ...approved,
        ]);
        if (outside.length === 0) return { ok: true, note: 'every change is inside owns' };
        return {
          ok: false,
          output: `changed outside the task's owns (${spec.owns.join(', ')}):\n${outside.join('\n')}\nUndo these changes, or report scope_expansion with the paths and why.`,
        };
      },
    },
    {
      name: 'knowledge-file',
      command: 'AGENTS.md / CLAUDE.md / .grove/ unchanged',
      async run() {
        const changed = await changedOnBranch(worktree, base);
        const knowledge = changed.filter((f) => KNOWLEDGE_FILE.test(f));
        const control = unapprovedControlFiles(changed, approved);
        if (knowledge.length === 0 && control.length === 0)
          return { ok: true, note: 'knowledge and control files untouched' };
        const parts: string[] = [];
        if (knowledge.length > 0)
          parts.push(
            `the branch changes knowledge files, which only a person edits (grove retro proposes entries):\n${knowledge.join('\n')}\nRevert them; put lessons in the result's "learnings" instead.`,
          );
        if (control.length > 0)
          parts.push(
            `the branch changes grove's control files (.grove/: config, gates, hooks, task specs), which only the lead changes:\n${control.join('\n')}\nRevert them, or report scope_expansion with the paths and why; the lead allows each by name with \`grove approve-scope ${spec.id} <path>\`.`,
          );
        return { ok: false, output: parts.join('\n\n') };
      },
    },
  ];
}
