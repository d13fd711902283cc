import type { ProjectContext } from '../context.js';
import { GroveError } from '../../shared/errors.js';
import { branchTips } from '../../infra/git/refs.js';

export interface ResolvedBase {
  /** Branch name tasks start from and merge into. */
  name: string;
  oid: string;
}

/** Config `base` (default: the repository's default branch) and the commit it points at now. */
export async function resolveBase(ctx: Pick<ProjectContext, 'config' | 'paths'>): Promise<ResolvedBase> {
  return (await resolveBaseAndBranches(ctx, [])).base;
}

/**
 * The base (as resolveBase) and the tip commit of each of `branches` (absent: no such branch), in ONE
 * git call in the common case (see branchTips).
 */
export async function resolveBaseAndBranches(
  ctx: Pick<ProjectContext, 'config' | 'paths'>,
  branches: readonly string[],
): Promise<{ base: ResolvedBase; tips: Map<string, string> }> {
  const configured = ctx.config.base;
  const found = await branchTips(
    ctx.paths.mainRoot,
    configured === undefined ? branches : [...branches, configured],
    { withDefault: configured === undefined },
  );
  const name = configured ?? found.defaultBranch ?? '';
  const oid = found.tips.get(name);
  if (oid === undefined) {
    throw new GroveError('CONFIG_INVALID', `the base branch "${name}" does not exist`, {
      hint: configured
        ? 'set `base:` in .grove/config.yaml to an existing branch (see `git branch --list`)'
        : 'make a first commit, or set `base:` in .grove/config.yaml',
    });
  }
  return { base: { name, oid }, tips: found.tips };
}
