import type { ProjectContext } from '../context.js';
import { GroveError } from '../../shared/errors.js';
import { defaultBranch, resolveRefs } from '../../infra/git/refs.js';

export interface ResolvedBase {
  /** Branch name tasks start from and merge into. */
  name: string;
  oid: string;
}

/** Config `base` (default: the repository's default branch) and the commit it points at now. */
export async function resolveBase(ctx: Pick<ProjectContext, 'config' | 'paths'>): Promise<ResolvedBase> {
  const name = ctx.config.base ?? (await defaultBranch(ctx.paths.mainRoot));
  const ref = `refs/heads/${name}^{commit}`;
  const oid = (await resolveRefs(ctx.paths.mainRoot, [ref])).get(ref);
  if (oid === undefined) {
    throw new GroveError('CONFIG_INVALID', `the base branch "${name}" does not exist`, {
      hint: ctx.config.base
        ? 'set `base:` in .grove/config.yaml to an existing branch (see `git branch --list`)'
        : 'make a first commit, or set `base:` in .grove/config.yaml',
    });
  }
  return { name, oid };
}
