import { constants } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, readdir, readlink, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GroveError } from '../../shared/errors.js';
import { copyWithCp, countTree, hasGnuCp } from './copy-cp.js';
import { createLimiter } from './pool.js';

/** How files were copied: `reflink` (copy-on-write clone) or `copy` (bytes). Never hardlinks. */
export type CopyMethod = 'reflink' | 'copy';

export interface CopyResult {
  files: number;
  dirs: number;
  symlinks: number;
  /** What the filesystem allowed, probed on the first file; undefined when nothing was copied. */
  method: CopyMethod | undefined;
}

export interface CopyOptions {
  /** Most file copies in flight at once (the Node copy), or cp processes at once (GNU cp). */
  concurrency?: number;
  /** `cp`: GNU cp (where it exists, the default); `node`: copyFile in a pool (everywhere else). */
  engine?: 'cp' | 'node';
}

/**
 * Copies `paths` (relative; folders recursively) from `fromRoot` to `toRoot`: a reflink where the
 * filesystem can, a plain copy otherwise; modes kept (so 0600 secrets stay 0600), symlinks as symlinks,
 * folders with their modes; never hard links; in parallel with a bound. With GNU cp (Linux) the copy
 * is cp processes (modification times kept too; see copy-cp.ts), elsewhere copyFile in a pool.
 * Throws COPY_FAILED naming the path on the first error (the caller rolls the worktree back).
 */
export async function copyPaths(
  fromRoot: string,
  toRoot: string,
  paths: readonly string[],
  options: CopyOptions = {},
): Promise<CopyResult> {
  const engine = options.engine ?? ((await hasGnuCp()) ? 'cp' : 'node');
  if (engine === 'node' || paths.length === 0) return copyWithNode(fromRoot, toRoot, paths, options);
  try {
    const [counts] = await Promise.all([
      countTree(fromRoot, paths),
      copyWithCp(fromRoot, toRoot, paths, options.concurrency),
    ]);
    const { firstFile, ...result } = counts;
    return { ...result, method: firstFile ? await probeInto(toRoot, firstFile) : undefined };
  } catch (cause) {
    throw copyFailed(paths.join(', '), toRoot, cause);
  }
}

/** Which copy this filesystem allows, tried on `file` copied to a scratch name in `toRoot`. */
async function probeInto(toRoot: string, file: string): Promise<CopyMethod> {
  const scratch = join(toRoot, `.grove-copy-probe-${process.pid}-${Date.now()}`);
  try {
    return await probeCopyMethod(file, scratch);
  } finally {
    await rm(scratch, { force: true });
  }
}

async function copyWithNode(
  fromRoot: string,
  toRoot: string,
  paths: readonly string[],
  options: CopyOptions,
): Promise<CopyResult> {
  const limit = createLimiter(options.concurrency ?? 64);
  const result: CopyResult = { files: 0, dirs: 0, symlinks: 0, method: undefined };
  let probe: Promise<CopyMethod> | undefined;

  const copyOneFile = async (src: string, dst: string): Promise<void> => {
    if (!probe) {
      probe = probeCopyMethod(src, dst);
      result.method = await probe;
    } else {
      await probe;
      await copyFile(src, dst, constants.COPYFILE_FICLONE);
    }
    result.files++;
  };

  /** Copies a folder's content; the dirent types from readdir spare an lstat per file. */
  const copyDir = async (src: string, dst: string, mode: number): Promise<void> => {
    await mkdir(dst, { recursive: true });
    const entries = await readdir(src, { withFileTypes: true });
    await Promise.all(
      entries.map(async (e) => {
        const from = join(src, e.name);
        const to = join(dst, e.name);
        if (e.isFile()) await limit(() => copyOneFile(from, to));
        else if (e.isDirectory()) await copyDir(from, to, (await lstat(from)).mode);
        else if (e.isSymbolicLink()) await copySymlink(from, to);
        // Sockets, FIFOs and devices are not copied.
      }),
    );
    await chmod(dst, mode & 0o7777);
    result.dirs++;
  };

  const copySymlink = async (src: string, dst: string): Promise<void> => {
    await symlink(await readlink(src), dst);
    result.symlinks++;
  };

  const copyEntry = async (rel: string): Promise<void> => {
    const src = join(fromRoot, rel);
    const dst = join(toRoot, rel);
    const st = await lstat(src);
    if (st.isSymbolicLink()) await copySymlink(src, dst);
    else if (st.isDirectory()) await copyDir(src, dst, st.mode);
    else if (st.isFile()) await limit(() => copyOneFile(src, dst));
  };

  await Promise.all(
    paths.map(async (rel) => {
      try {
        await mkdir(dirname(join(toRoot, rel)), { recursive: true });
        await copyEntry(rel);
      } catch (cause) {
        throw copyFailed(rel, toRoot, cause);
      }
    }),
  );
  return result;
}

function copyFailed(what: string, toRoot: string, cause: unknown): GroveError {
  const e = cause as NodeJS.ErrnoException;
  return new GroveError(
    'COPY_FAILED',
    `copying ${what} into ${toRoot} failed: ${e.code ?? ''} ${e.message}`.trim(),
    {
      hint:
        e.code === 'ENOSPC'
          ? 'the disk is full: free space or narrow `copy:` / .worktreeinclude'
          : 'check that the destination is writable and the source readable',
      cause,
    },
  );
}

/**
 * Copies `src` to `dst` with COPYFILE_FICLONE_FORCE (clone or fail) and falls back to a plain copy:
 * returns which one this filesystem allowed.
 */
export async function probeCopyMethod(src: string, dst: string): Promise<CopyMethod> {
  try {
    await copyFile(src, dst, constants.COPYFILE_FICLONE_FORCE);
    return 'reflink';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'ENOSPC' || code === 'EROFS' || code === 'EISDIR')
      throw e;
    await rm(dst, { force: true });
    await copyFile(src, dst);
    return 'copy';
  }
}
