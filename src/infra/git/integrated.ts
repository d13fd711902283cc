import { git } from './exec.js';
import { mergeTree } from './merge-tree.js';
import { patchIdOfDiff, patchIdsOfCommits } from './patch-id.js';
import { resolveRefs } from './refs.js';

export type IntegrationReason = 'ancestor' | 'same-tree' | 'merge-adds-nothing' | 'squash';

export type IntegrationResult =
  | { kind: 'integrated'; reason: IntegrationReason; commit?: string }
  | { kind: 'not-integrated' }
  | { kind: 'missing-ref'; ref: string };

/**
 * Whether `branch`'s changes are already in `base`, and why: its tip is an ancestor of the base, both
 * have the same tree, merging it into the base changes nothing, or a squash commit on the base has the
 * same patch-id as the branch's whole diff.
 */
export async function isIntegrated(repo: string, branch: string, base: string): Promise<IntegrationResult> {
  const revs = [`${branch}^{commit}`, `${base}^{commit}`, `${branch}^{tree}`, `${base}^{tree}`];
  const found = await resolveRefs(repo, revs);
  if (!found.has(revs[0]!)) return { kind: 'missing-ref', ref: branch };
  if (!found.has(revs[1]!)) return { kind: 'missing-ref', ref: base };
  const branchOid = found.get(revs[0]!)!;
  const baseOid = found.get(revs[1]!)!;
  const baseTree = found.get(revs[3]!);
  const ancestor = await git(repo, ['merge-base', '--is-ancestor', branchOid, baseOid], { okCodes: [0, 1] });
  if (ancestor.code === 0) return { kind: 'integrated', reason: 'ancestor' };
  if (found.get(revs[2]!) === baseTree) return { kind: 'integrated', reason: 'same-tree' };
  const merged = await mergeTree(repo, baseOid, branchOid);
  if (merged.kind === 'unrelated') return { kind: 'not-integrated' };
  if (merged.kind === 'clean' && merged.tree === baseTree)
    return { kind: 'integrated', reason: 'merge-adds-nothing' };
  const mb = await git(repo, ['merge-base', baseOid, branchOid], { okCodes: [0, 1] });
  const mergeBase = mb.stdout.trim();
  if (mb.code !== 0 || mergeBase === '') return { kind: 'not-integrated' };
  const branchPatch = await patchIdOfDiff(repo, mergeBase, branchOid);
  if (branchPatch === undefined) return { kind: 'integrated', reason: 'same-tree' };
  const match = (await patchIdsOfCommits(repo, `${mergeBase}..${baseOid}`)).find(
    (p) => p.patchId === branchPatch,
  );
  if (match) return { kind: 'integrated', reason: 'squash', commit: match.commit };
  return { kind: 'not-integrated' };
}
