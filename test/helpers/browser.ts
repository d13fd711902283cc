// Real headless Chromium for the dashboard tests, driven by playwright-core: the one the npm package
// @sparticuz/chromium ships (unpacked by the suite's global setup), else a system Chromium — see
// ./chromium.ts. Never downloads a browser.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

import type { ChromiumChoice } from './chromium.js';
import { chooseChromium } from './chromium.js';

export const ARTIFACTS = join(process.cwd(), '.grove-test-artifacts');
/** The global setup's choice of Chromium, passed to the test workers. */
export const CHROMIUM_CHOICE_ENV = 'GROVE_TEST_CHROMIUM_CHOICE';

function chromiumChoice(): ChromiumChoice {
  const given = process.env[CHROMIUM_CHOICE_ENV];
  if (given) return JSON.parse(given) as ChromiumChoice;
  const chosen = chooseChromium(); // a script outside the suite (a benchmark)
  process.env[CHROMIUM_CHOICE_ENV] = JSON.stringify(chosen);
  return chosen;
}

/** Why browser tests cannot run here, or undefined when they can. */
export function browserMissing(): string | undefined {
  const choice = chromiumChoice();
  return choice.kind === 'missing' ? `no Chromium for the browser tests: ${choice.why}` : undefined;
}

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh headless Chromium with its own profile folder, removed on close. */
export async function launchBrowser(): Promise<TestBrowser> {
  const choice = chromiumChoice();
  if (choice.kind === 'missing') throw new Error(`no Chromium for the browser tests: ${choice.why}`);
  const profile = mkdtempSync(join(tmpdir(), 'grove-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: choice.executablePath,
    env: { ...process.env, ...choice.env },
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1500, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The path for a screenshot artifact (the folder is created). */
export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
