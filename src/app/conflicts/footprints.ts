import type { Footprint } from '../../core/conflicts/footprint.js';
import { footprintsFromLog } from '../../core/conflicts/footprint.js';
import { git } from '../../infra/git/exec.js';

/** Each tip's footprint against the base, from ONE `git log` over all tips; undefined when git could not tell. */
export async function footprints(
  repo: string,
  base: string,
  tips: readonly string[],
): Promise<Array<Footprint | undefined>> {
  if (tips.length === 0) return [];
  const r = await git(
    repo,
    ['log', '--format=%x00%H %P', '--name-only', '--no-renames', ...new Set(tips), '--not', base, '--'],
    { okCodes: [0, 128] },
  );
  if (r.code !== 0) return tips.map(() => undefined);
  return footprintsFromLog(r.stdout, tips);
}
