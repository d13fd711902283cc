import { availableParallelism } from 'node:os';
import { chmod, lstat, mkdir, readdir, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { run } from '../process/run.js';
import { createLimiter } from './pool.js';

/** One `cp` run: `sources` (absolute) copied into the folder `into`. */
interface CpJob {
  sources: string[];
  into: string;
}

/** A folder grove creates itself (its content is split across several cp runs): mode and times after. */
interface OwnedDir {
  src: string;
  dst: string;
}

let gnuCp: Promise<boolean> | undefined;

/** Whether `cp` here is GNU cp (it knows `--reflink=auto` and `-t`); asked once per process. */
export function hasGnuCp(): Promise<boolean> {
  gnuCp ??= run('cp', ['--version'], { cwd: '/' }).then(
    (r) => r.code === 0 && r.stdout.includes('GNU coreutils'),
    () => false,
  );
  return gnuCp;
}

/**
 * The copy that `copyPaths` makes with GNU cp: `cp -R -P --preserve=mode,timestamps --reflink=auto`
 * (a clone where the filesystem can, `copy_file_range` otherwise; symlinks as symlinks; never hard
 * links, as `--preserve=links` is not asked). A folder's top-level entries are split across up to
 * `parallel` cp processes, so a single `node_modules` is copied on every core.
 * Rejects with the first cp's error text on failure.
 */
export async function copyWithCp(
  fromRoot: string,
  toRoot: string,
  paths: readonly string[],
  parallel = availableParallelism(),
): Promise<void> {
  const jobs: CpJob[] = [];
  const owned: OwnedDir[] = [];
  const loose = new Map<string, string[]>(); // files and symlinks, grouped by the folder they go into
  for (const rel of paths) {
    const src = join(fromRoot, rel);
    const dst = join(toRoot, rel);
    const st = await lstat(src);
    if (st.isDirectory()) {
      await mkdir(dst, { recursive: true });
      owned.push({ src, dst });
      const entries = (await readdir(src)).sort();
      for (const chunk of chunks(entries, parallel * 4))
        jobs.push({ sources: chunk.map((e) => join(src, e)), into: dst });
    } else if (st.isFile() || st.isSymbolicLink()) {
      const into = dirname(dst);
      await mkdir(into, { recursive: true });
      loose.set(into, [...(loose.get(into) ?? []), src]);
    }
  }
  for (const [into, sources] of loose) jobs.push({ sources, into });
  const limit = createLimiter(Math.max(1, parallel));
  await Promise.all(jobs.map((job) => limit(() => runCp(job))));
  // Creating the content changed the folders' times; give them the source's mode and times last.
  for (const { src, dst } of owned.reverse()) {
    const st = await lstat(src, { bigint: true });
    await chmod(dst, Number(st.mode & 0o7777n));
    await utimes(dst, seconds(st.atimeNs), seconds(st.mtimeNs));
  }
}

/** Nanoseconds since the epoch as the seconds utimes takes (to the microsecond). */
function seconds(ns: bigint): number {
  return Number(ns / 1000n) / 1e6;
}

async function runCp(job: CpJob): Promise<void> {
  const args = ['-R', '-P', '--preserve=mode,timestamps', '--reflink=auto', '-t', job.into, '--'];
  const r = await run('cp', [...args, ...job.sources], { cwd: job.into, maxBuffer: 64 * 1024 });
  if (r.code === 0) return;
  const text = r.stderr.trim().split('\n')[0] ?? `cp exited with ${r.code ?? r.signal}`;
  const error: NodeJS.ErrnoException = new Error(text);
  if (/No space left on device/i.test(r.stderr)) error.code = 'ENOSPC';
  throw error;
}

/** `items` split into at most `n` runs of consecutive items, as even as possible. */
function chunks<T>(items: readonly T[], n: number): T[][] {
  const count = Math.min(items.length, Math.max(1, n));
  const out: T[][] = [];
  for (let i = 0; i < count; i++)
    out.push(
      items.slice(Math.floor((i * items.length) / count), Math.floor(((i + 1) * items.length) / count)),
    );
  return out;
}

export interface TreeCounts {
  files: number;
  dirs: number;
  symlinks: number;
  /** The first regular file met (for probing the copy method), undefined when there is none. */
  firstFile: string | undefined;
}

/** Counts what `paths` hold under `root` (folders recursively, as the copy counts them). */
export async function countTree(root: string, paths: readonly string[]): Promise<TreeCounts> {
  const counts: TreeCounts = { files: 0, dirs: 0, symlinks: 0, firstFile: undefined };
  const walk = async (abs: string): Promise<void> => {
    counts.dirs++;
    const entries = await readdir(abs, { withFileTypes: true });
    await Promise.all(
      entries.map(async (e) => {
        const p = join(abs, e.name);
        if (e.isFile()) {
          counts.files++;
          counts.firstFile ??= p;
        } else if (e.isSymbolicLink()) counts.symlinks++;
        else if (e.isDirectory()) await walk(p);
      }),
    );
  };
  for (const rel of paths) {
    const abs = join(root, rel);
    const st = await lstat(abs);
    if (st.isDirectory()) await walk(abs);
    else if (st.isSymbolicLink()) counts.symlinks++;
    else if (st.isFile()) {
      counts.files++;
      counts.firstFile ??= abs;
    }
  }
  return counts;
}
