// Which Chromium the browser tests drive, with nothing installed by hand: the binary shipped inside the
// npm package @sparticuz/chromium (a devDependency), unpacked once per machine into a cache folder with
// the few libraries it links (NSS, NSPR, expat) and fonts, so `npm ci && npm test` needs no system
// browser. Falls back to a system Chromium where the bundled one cannot run (not linux-x64, or it does
// not start). GROVE_CHROMIUM names a binary to use instead of both.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** A Chromium to launch and the environment it needs, or why none can run here. */
export type ChromiumChoice =
  | { kind: 'found'; executablePath: string; env: Record<string, string>; source: string }
  | { kind: 'missing'; why: string };

const require = createRequire(import.meta.url);

function bundledPackage(): { dir: string; version: string } | undefined {
  let dir: string;
  try {
    dir = dirname(require.resolve('@sparticuz/chromium')); // its exports do not list package.json
  } catch {
    return undefined;
  }
  for (; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as {
      name?: string;
      version: string;
    };
    if (name === '@sparticuz/chromium') return { dir, version };
  }
  return undefined;
}

export function chromiumCache(): string {
  return process.env['GROVE_CHROMIUM_CACHE'] || join(homedir(), '.cache', 'grove', 'chromium');
}

function bundledFolder(version: string): string {
  return join(chromiumCache(), `sparticuz-${version}`);
}

function envFor(folder: string): Record<string, string> {
  const lib = join(folder, 'lib');
  const inherited = process.env['LD_LIBRARY_PATH'];
  return {
    LD_LIBRARY_PATH: inherited ? `${lib}:${inherited}` : lib,
    FONTCONFIG_PATH: join(folder, 'fonts'),
  };
}

/** True when `bin --version` answers with this environment (the libraries it links are found). */
function starts(bin: string, env: Record<string, string>): { ok: true } | { ok: false; why: string } {
  const r = spawnSync(bin, ['--version'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.error) return { ok: false, why: r.error.message };
  if (r.status !== 0) return { ok: false, why: `${bin} --version exited ${r.status}: ${r.stderr.trim()}` };
  return { ok: true };
}

function fontsConf(folder: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${join(folder, 'fonts', 'fonts')}</dir>`,
    '  <dir>/usr/share/fonts</dir>',
    `  <cachedir>${join(folder, 'fonts-cache')}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
}

function untar(archive: string, into: string): void {
  const r = spawnSync('tar', ['-x', '-C', into], { input: brotliDecompressSync(readFileSync(archive)) });
  if (r.error || r.status !== 0) {
    throw new Error(`unpacking ${archive} failed: ${r.error?.message ?? r.stderr.toString().trim()}`);
  }
}

/**
 * Unpacks the package's Chromium into the cache once (into a temporary folder renamed into place, so a
 * half-unpacked folder is never used). Returns the folder, or why it could not.
 */
export function unpackBundledChromium(): { kind: 'ok'; folder: string } | { kind: 'missing'; why: string } {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return {
      kind: 'missing',
      why: `@sparticuz/chromium ships linux-x64 only (this is ${process.platform}-${process.arch})`,
    };
  }
  const pkg = bundledPackage();
  if (!pkg) return { kind: 'missing', why: '@sparticuz/chromium is not installed (run npm ci)' };
  const folder = bundledFolder(pkg.version);
  if (existsSync(join(folder, 'chromium'))) return { kind: 'ok', folder };
  const partial = `${folder}.partial-${process.pid}`;
  try {
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    const bin = join(pkg.dir, 'bin');
    writeFileSync(join(partial, 'chromium'), brotliDecompressSync(readFileSync(join(bin, 'chromium.br'))), {
      mode: 0o755,
    });
    untar(join(bin, 'al2023.tar.br'), partial); // lib/: libnss3, libnspr4, libexpat …
    mkdirSync(join(partial, 'fonts'), { recursive: true });
    untar(join(bin, 'fonts.tar.br'), join(partial, 'fonts'));
    // Its fonts.conf names Lambda's folders; point fontconfig at the unpacked fonts and the system's.
    writeFileSync(join(partial, 'fonts', 'fonts.conf'), fontsConf(folder));
    try {
      renameSync(partial, folder);
    } catch (error) {
      // Another test run unpacked it meanwhile: use theirs.
      if (!existsSync(join(folder, 'chromium'))) throw error;
    }
    return { kind: 'ok', folder };
  } catch (error) {
    return { kind: 'missing', why: `unpacking @sparticuz/chromium failed: ${(error as Error).message}` };
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

/** The Chromium for the browser tests: GROVE_CHROMIUM, else the bundled one (unpacked once), else the system's. */
export function chooseChromium(): ChromiumChoice {
  const named = process.env['GROVE_CHROMIUM'];
  if (named) {
    const check = starts(named, {});
    return check.ok
      ? { kind: 'found', executablePath: named, env: {}, source: `GROVE_CHROMIUM=${named}` }
      : { kind: 'missing', why: `GROVE_CHROMIUM=${named} does not start: ${check.why}` };
  }
  const reasons: string[] = [];
  const unpacked = unpackBundledChromium();
  if (unpacked.kind === 'ok') {
    const bin = join(unpacked.folder, 'chromium');
    const env = envFor(unpacked.folder);
    const check = starts(bin, env);
    if (check.ok) return { kind: 'found', executablePath: bin, env, source: `@sparticuz/chromium (${bin})` };
    reasons.push(check.why);
  } else reasons.push(unpacked.why);
  if (existsSync(SYSTEM_CHROMIUM)) {
    const check = starts(SYSTEM_CHROMIUM, {});
    if (check.ok) return { kind: 'found', executablePath: SYSTEM_CHROMIUM, env: {}, source: SYSTEM_CHROMIUM };
    reasons.push(check.why);
  } else reasons.push(`${SYSTEM_CHROMIUM} is missing`);
  return { kind: 'missing', why: reasons.join('; ') };
}
