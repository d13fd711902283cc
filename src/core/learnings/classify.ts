import type { LearningSection } from './types.js';

const SIGNALS: Record<LearningSection, RegExp> = {
  TEST_STRATEGY:
    /\b(tests?|testing|tested|specs?|vitest|jest|pytest|mocha|mocks?|mocking|stubs?|fixtures?|coverage|e2e|end-to-end|asserts?|assertions?|flaky|snapshots?|test suite)\b/g,
  STYLE:
    /\b(naming|names?|format(?:ting|ted)?|prettier|lint(?:er|ing)?|eslint|style|indent(?:ation)?|camel ?case|kebab(?:-case)?|snake_case|comments?|readab\w+|semicolons?|quotes?|one concept per file)\b/g,
  ARCH_DECISIONS:
    /\b(architecture|layers?|modules?|boundar(?:y|ies)|schemas?|database|migrations?|apis?|interfaces?|adapters?|dependenc(?:y|ies)|lives? in|belongs? in|owns?|ownership|services?|packages?|composition root|pure core)\b/g,
  GOTCHAS:
    /\b(fails?|failed|failing|breaks?|broke|broken|crash\w*|careful|beware|gotcha|watch out|otherwise|before|requires?|must|don't|do not|never|errors?|timeouts?|times? out|hangs?|hanging|race|deadlock|silently)\b/g,
};

/** Ties go to the earlier section in this list; no signal at all → GOTCHAS. */
const TIE_ORDER: readonly LearningSection[] = ['GOTCHAS', 'TEST_STRATEGY', 'ARCH_DECISIONS', 'STYLE'];

const EXPLICIT: ReadonlyArray<[RegExp, LearningSection]> = [
  [/^\s*\[?(style)\]?\s*[:\]-]\s*/i, 'STYLE'],
  [/^\s*\[?(gotchas?)\]?\s*[:\]-]\s*/i, 'GOTCHAS'],
  [/^\s*\[?(arch(?:itecture)?(?:[ _]decisions?)?)\]?\s*[:\]-]\s*/i, 'ARCH_DECISIONS'],
  [/^\s*\[?(test[ _]strategy|testing)\]?\s*[:\]-]\s*/i, 'TEST_STRATEGY'],
];

/**
 * The section a free-text lesson belongs in. An explicit prefix wins (`STYLE: …`, `[gotcha] …`,
 * `TEST_STRATEGY: …`) and is removed from the text; otherwise keyword signals are counted.
 */
export function classifySection(text: string): { section: LearningSection; text: string } {
  for (const [pattern, section] of EXPLICIT) {
    const m = pattern.exec(text);
    if (m) return { section, text: text.slice(m[0].length) };
  }
  const lower = text.toLowerCase();
  let best: LearningSection = 'GOTCHAS';
  let bestScore = 0;
  for (const section of TIE_ORDER) {
    const score = lower.match(SIGNALS[section])?.length ?? 0;
    if (score > bestScore) {
      best = section;
      bestScore = score;
    }
  }
  return { section: best, text };
}
