// The review page on a big diff, in the real browser (headless Chromium, the real `grove dashboard`):
// a task waiting in review whose diff has 200 files and 5,000 changed lines. Prints the time to the
// first diff painted (goal < 1 s) and the frame time while scrolling through the whole diff (p95 of
// requestAnimationFrame intervals; goal ≤ 16 ms — one frame at 60 Hz is 16.7 ms, so "no frame dropped
// at p95"). Baseline in the same process: the task page (#/task/<id>), which prints the same diff as
// plain text lines with no highlighting and no diff view. Needs a built dist (`npm run build`).
// Usage: node --import tsx bench/review-page.bench.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { openDatabase } from '../src/infra/db/open.js';
import { TaskStore } from '../src/infra/db/task-store.js';
import { launchBrowser } from '../test/helpers/browser.js';
import { startDashboardProcess } from '../test/helpers/dashboard-process.js';
import { makeTempRepo } from '../test/helpers/git-repo.js';
import { walkTo } from '../test/helpers/task-state.js';
import { median } from './synthetic-repo.js';

const FILES = 200;
const LINES = 40;
/** Per file: 12 lines replaced (12 deleted + 12 added) and one added = 25 changed lines. */
const CHANGED_PER_FILE = 25;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Pixels scrolled per frame: 7,200 px/s at 60 Hz, a fast fling through the whole diff. */
const SCROLL_PX = 120;

const pathOf = (i: number): string => `src/big/d${String(Math.floor(i / 20)).padStart(2, '0')}/f${i}.ts`;
const baseFile = (i: number): string =>
  Array.from(
    { length: LINES },
    (_, k) => `export const value${k} = (x: number): number => x * ${k} + ${i}; // line ${k + 1}`,
  ).join('\n') + '\n';
function changedFile(i: number): string {
  const lines = baseFile(i).split('\n').slice(0, LINES);
  for (let k = 2; k < LINES; k += 3)
    if (k < 2 + 12 * 3)
      lines[k] = `export const value${k} = (x: number): string => String(x - ${k}); // changed`;
  lines.splice(20, 0, `export const added${i} = ${i};`);
  return lines.join('\n') + '\n';
}

function write(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** A project whose task `big` waits in review on a branch with the big diff. */
function setUp(): { root: string; cleanup: () => void } {
  const base: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) base[pathOf(i)] = baseFile(i);
  const repo = makeTempRepo({
    files: {
      ...base,
      '.grove/config.yaml': 'review: { code: required }\n',
      '.grove/tasks/big.md':
        '---\nid: big\ntitle: A big change\nowns: ["src/big/**"]\n---\nChange everything.\n',
    },
  });
  repo.git('checkout', '-q', '-b', 'grove/big');
  const changed: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) changed[pathOf(i)] = changedFile(i);
  write(repo.root, changed);
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'the big change');
  repo.git('checkout', '-q', 'main');
  const stat = repo.git('diff', '--shortstat', 'main', 'grove/big');
  const counted = [...stat.matchAll(/(\d+) (?:insertion|deletion)/g)].reduce((n, m) => n + Number(m[1]), 0);
  if (counted !== FILES * CHANGED_PER_FILE) throw new Error(`the synthetic diff is not as planned: ${stat}`);
  const db = openDatabase(join(repo.root, '.git', 'grove', 'grove.db'));
  const store = new TaskStore(db);
  store.upsert('big', { title: 'A big change', agent: 'scripted', branch: 'grove/big', base: 'main' });
  walkTo(store, 'big', 'review', 'set up by the benchmark');
  db.close();
  return { root: repo.root, cleanup: () => repo.cleanup() };
}

/**
 * Runs in the page before its scripts: the time (ms since navigation start) at the frame after the
 * first element matching `selector` appeared — when it is painted, not only in the DOM.
 */
const FIRST_PAINT_PROBE = (selector: string): string => `
  window.__firstPaint = new Promise((resolve) => {
    const check = () => {
      if (!document.querySelector(${JSON.stringify(selector)})) return false;
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
      return true;
    };
    const mo = new MutationObserver(() => check() && mo.disconnect());
    document.addEventListener('DOMContentLoaded', () => check() || mo.observe(document.body, { subtree: true, childList: true }));
  });
`;

/**
 * Scrolls the window through the whole page, `step` px a frame; returns the frame intervals (ms). A
 * string, not a function: tsx would wrap a function's inner functions in a helper the page lacks.
 */
async function scrollFrames(page: Page, step: number): Promise<number[]> {
  return page.evaluate(`new Promise((resolve) => {
    const deltas = [];
    let last = 0;
    const frame = (now) => {
      deltas.push(now - last);
      last = now;
      const before = window.scrollY;
      window.scrollBy(0, ${step});
      if (window.scrollY === before) resolve(deltas.slice(1));
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(frame);
    });
  })`);
}

const p95 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? NaN;
};

interface Measure {
  firstPaintMs: number;
  /** When the review page had every file parsed and highlighted (idle-time work), ms since navigation. */
  preparedMs: number | null;
  /** Scrolling again once every file is prepared. */
  preparedFrameP95Ms: number | null;
  frameP95Ms: number;
  frames: number;
  longFrames: number;
}

async function measure(url: string, selector: string, ready: string, prepared: boolean): Promise<Measure> {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.addInitScript(FIRST_PAINT_PROBE(selector));
    await page.goto(url);
    const firstPaintMs = Number(await page.evaluate('window.__firstPaint'));
    await page.locator(ready).first().waitFor();
    const deltas = await scrollFrames(page, SCROLL_PX);
    let preparedMs: number | null = null;
    let preparedFrameP95Ms: number | null = null;
    if (prepared) {
      await page.locator('html[data-review-prepared]').waitFor({ state: 'attached', timeout: 60_000 });
      preparedMs = Number(await page.locator('html').getAttribute('data-review-prepared'));
      await page.evaluate('window.scrollTo(0, 0)');
      await page.waitForTimeout(500);
      preparedFrameP95Ms = p95(await scrollFrames(page, SCROLL_PX));
    }
    return {
      firstPaintMs,
      preparedMs,
      preparedFrameP95Ms,
      frameP95Ms: p95(deltas),
      frames: deltas.length,
      longFrames: deltas.filter((d) => d > 34).length,
    };
  } finally {
    await browser.close();
  }
}

const project = setUp();
const dashboard = await startDashboardProcess(project.root);
try {
  const review: Measure[] = [];
  const baseline: Measure[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    review.push(
      await measure(
        `${dashboard.url}#/review/big`,
        '.review-diff tr.diff-line',
        '[data-testid="review-file"]',
        true,
      ),
    );
    baseline.push(
      await measure(`${dashboard.url}#/task/big`, '[data-testid="diff"] pre.patch div', 'pre.patch', false),
    );
  }
  const summary = (ms: Measure[]) => ({
    first: median(ms.map((m) => m.firstPaintMs)),
    p95: median(ms.map((m) => m.frameP95Ms)),
    frames: median(ms.map((m) => m.frames)),
    long: median(ms.map((m) => m.longFrames)),
    prepared: median(ms.map((m) => m.preparedMs ?? NaN)),
    preparedP95: median(ms.map((m) => m.preparedFrameP95Ms ?? NaN)),
  });
  const r = summary(review);
  const b = summary(baseline);
  console.log(`diff: ${FILES} files, ${FILES * CHANGED_PER_FILE} changed lines; ${ROUNDS} rounds, medians`);
  console.log(
    `review page: first diff painted ${r.first.toFixed(0)} ms (goal < 1000); scroll frame p95 ${r.p95.toFixed(1)} ms over ${r.frames} frames, ${r.long} over 34 ms (goal <= 16.7, one 60 Hz frame)`,
  );
  console.log(
    `review page once every file is prepared (at ${r.prepared.toFixed(0)} ms): scroll frame p95 ${r.preparedP95.toFixed(1)} ms`,
  );
  console.log(
    `baseline task page (plain text lines): first diff painted ${b.first.toFixed(0)} ms; scroll frame p95 ${b.p95.toFixed(1)} ms over ${b.frames} frames, ${b.long} over 34 ms`,
  );
  console.log(
    `RATIO review-page-first-diff ${(r.first / b.first).toFixed(2)}x (${r.first.toFixed(0)} ms vs the plain task page ${b.first.toFixed(0)} ms; goal < 1000 ms)`,
  );
  console.log(
    `RATIO review-page-scroll-p95 ${(r.p95 / b.p95).toFixed(2)}x (${r.p95.toFixed(1)} ms vs the plain task page ${b.p95.toFixed(1)} ms; goal <= 16.7 ms)`,
  );
} finally {
  await dashboard.stop();
  project.cleanup();
}
