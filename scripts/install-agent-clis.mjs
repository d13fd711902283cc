#!/usr/bin/env node
// Installs the pinned real agent CLIs (Claude Code, Codex, Gemini CLI) for the end-to-end tests, into a
// cache folder outside grove's own dependencies: ${GROVE_AGENT_CLI_CACHE:-~/.cache/grove/agent-clis}/<name>@<version>.
// Once per machine: a CLI whose folder has a marker and whose binary answers --version is skipped.
// Usage: node scripts/install-agent-clis.mjs [claude|codex|gemini ...] [--force]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const PINS = JSON.parse(readFileSync(join(here, 'agent-clis.json'), 'utf8'));
const MARKER = '.grove-installed.json';

export function cacheRoot() {
  return process.env.GROVE_AGENT_CLI_CACHE || join(homedir(), '.cache', 'grove', 'agent-clis');
}

function folderOf(name) {
  const pin = PINS[name];
  return join(cacheRoot(), `${name}@${pin.version}`);
}

function binOf(name) {
  return join(folderOf(name), 'node_modules', '.bin', PINS[name].bin);
}

/** Runs `<bin> --version` with a private HOME; returns the first output line, or an error. */
function probe(name) {
  const home = join(folderOf(name), '.probe-home');
  mkdirSync(home, { recursive: true });
  const r = spawnSync(binOf(name), ['--version'], {
    env: { ...process.env, HOME: home, CODEX_HOME: join(home, '.codex'), DISABLE_AUTOUPDATER: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error) return { ok: false, why: r.error.message };
  const out = `${r.stdout}`.trim();
  if (r.status !== 0) return { ok: false, why: `exit ${r.status}: ${`${r.stderr}`.trim().slice(-400)}` };
  if (!out.includes(PINS[name].version)) return { ok: false, why: `--version printed "${out}"` };
  return { ok: true, version: out.split('\n')[0] };
}

function isInstalled(name) {
  return existsSync(join(folderOf(name), MARKER)) && probe(name).ok;
}

function install(name) {
  const pin = PINS[name];
  const final = folderOf(name);
  const tmp = `${final}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const pkg = {
    name: `grove-agent-cli-${name}`,
    private: true,
    dependencies: { [pin.package]: pin.version },
    // npm 11 blocks dependency install scripts unless approved; Claude Code's postinstall places its native binary.
    allowScripts: pin.allowScripts ? { [pin.package]: true } : {},
  };
  writeFileSync(join(tmp, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: tmp,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.error || r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    const detail = r.error ? r.error.message : `${r.stderr}`.trim().slice(-1500);
    throw new Error(`npm install ${pin.package}@${pin.version} failed: ${detail}`);
  }
  rmSync(final, { recursive: true, force: true });
  renameSync(tmp, final);
  const p = probe(name);
  if (!p.ok) {
    throw new Error(
      `${pin.package}@${pin.version} installed in ${final} but "${PINS[name].bin} --version" failed: ${p.why}`,
    );
  }
  writeFileSync(
    join(final, MARKER),
    `${JSON.stringify({ package: pin.package, version: pin.version, bin: binOf(name), reported: p.version }, null, 2)}\n`,
  );
  return p.version;
}

function main() {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const wanted = args.filter((a) => !a.startsWith('--'));
  const unknown = wanted.filter((n) => !(n in PINS));
  if (unknown.length > 0) {
    console.error(
      `install-agent-clis: unknown CLI ${unknown.join(', ')}; known: ${Object.keys(PINS).join(', ')}`,
    );
    process.exit(2);
  }
  const names = wanted.length > 0 ? wanted : Object.keys(PINS);
  mkdirSync(cacheRoot(), { recursive: true });
  let failed = 0;
  for (const name of names) {
    const pin = PINS[name];
    const started = Date.now();
    try {
      if (!force && isInstalled(name)) {
        console.log(`${name}: ${pin.package}@${pin.version} already installed (${binOf(name)})`);
        continue;
      }
      const reported = install(name);
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `${name}: installed ${pin.package}@${pin.version} in ${secs}s (${reported}) at ${binOf(name)}`,
      );
    } catch (e) {
      failed++;
      console.error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (failed > 0) {
    console.error(
      `install-agent-clis: ${failed} of ${names.length} CLI(s) could not be installed into ${cacheRoot()}. ` +
        'Check network access to the npm registry (npm config get registry), then run this script again.',
    );
    process.exit(1);
  }
}

main();
