/**
 * Lesson keys: two phrasings of one lesson should share most of their tokens. Lowercase words, stop
 * words dropped, crude suffix stemming ("running tests" ~ "run test"), compared as sets (Jaccard).
 */

const STOP_WORDS = new Set(
  `a an the and or but if then so to of in on at by for from with into onto as is are was were be been
   being it its this that these those there here we you they i our your their my me us them he she his her
   should would could can will shall may might must do does did done have has had having always also just
   only very really make sure please when while which who whom what where why how all any each every some
   such than too more most other own same both about over under again once`.split(/\s+/),
);

/** Crude English stemming: enough to match plurals and -ing/-ed forms, not a linguist's stemmer. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is'))
    w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith('ly')) w = w.slice(0, -2);
  // running → runn → run; stopped → stopp → stop
  if (w.length > 3 && w[w.length - 1] === w[w.length - 2] && !/[aeiouls]/.test(w[w.length - 1] ?? ''))
    w = w.slice(0, -1);
  return w;
}

/** The set of key tokens of a text. */
export function keyTokens(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.toLowerCase().match(/[a-z0-9][a-z0-9_]*/g) ?? []) {
    if (STOP_WORDS.has(raw)) continue;
    out.add(stem(raw));
  }
  return out;
}

/** The normalised key: sorted tokens joined by spaces. */
export function lessonKey(text: string): string {
  return [...keyTokens(text)].sort().join(' ');
}

/** Jaccard similarity of two token sets, 0..1 (two empty sets: 0). */
export function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/** Default threshold above which two lessons are the same lesson. */
export const SAME_LESSON = 0.6;

/** One line, whitespace collapsed, bullet markers dropped, cut at a word boundary to `max` characters. */
export function oneLine(text: string, max: number): string {
  const line =
    text
      .split(/\r\n|\r|\n/)
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? '';
  const clean = line
    .replace(/^(?:[-*+]|\d+[.)])\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}
