// Before the suite, once: builds the bundles (tests run the real `grove` bin and scripted agent), installs
// the pinned real agent CLIs into their cache folder if they are not there yet, and picks the Chromium
// for the browser tests (unpacking the one the npm package ships). So `npm ci && npm test` runs every
// test on a machine with only Node and git; whatever could not be had is said loudly at the start and at
// the end, and the tests that need it skip naming why.
import { execFileSync, spawnSync } from 'node:child_process';
import { chooseChromium } from './chromium.js';
import { CHROMIUM_CHOICE_ENV } from './browser.js';
import { sshHostMissing } from './ssh-host.js';

const LOUD = (text: string): string => `\n\x1b[41m\x1b[97m ${text} \x1b[0m\n`;

function installAgentClis(): string | undefined {
  const started = Date.now();
  const r = spawnSync(process.execPath, ['scripts/install-agent-clis.mjs'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 900_000,
  });
  const installed = /installed .* in [\d.]+s/.test(r.stdout);
  if (installed) {
    process.stdout.write(r.stdout);
    console.log(`agent CLIs: first-use install took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if (r.status === 0 && !r.error) return undefined;
  return `the real agent CLI tests will SKIP: ${(r.error?.message ?? r.stderr).trim()}`;
}

export default function setup(): () => void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const missing: string[] = [];
  const clis = installAgentClis();
  if (clis) missing.push(clis);
  const chromium = chooseChromium();
  // Test workers are forked after this and inherit it: every browser test uses the same choice.
  process.env[CHROMIUM_CHOICE_ENV] = JSON.stringify(chromium);
  if (chromium.kind === 'missing') missing.push(`the browser tests will SKIP: ${chromium.why}`);
  else console.log(`browser tests: ${chromium.source}`);
  const ssh = sshHostMissing();
  if (ssh) missing.push(`the SSH host tests will SKIP: ${ssh}`);
  for (const m of missing) console.error(LOUD(m));
  // CI (and anyone who wants it) asks for every test to run: a missing piece fails the suite.
  if (process.env['GROVE_TEST_REQUIRE_ALL'] === '1' && missing.length > 0) {
    throw new Error(`GROVE_TEST_REQUIRE_ALL=1 and ${missing.join('; ')}`);
  }
  return () => {
    for (const m of missing) console.error(LOUD(`NOT RUN: ${m}`));
  };
}
