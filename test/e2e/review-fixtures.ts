// What the review tests share: review required with a trivial gate, and a task whose first run writes
// two constants and whose later runs (a fix iteration after a review) rename the one on line 1.
export const REVIEW_CONFIG = 'gates:\n  test: [node, -e, "0"]\nreview: { code: required }\n';

export const RENAME_SCRIPT = [
  'runs:',
  '  1:',
  '    - write: { path: src/t/index.js, content: "export const v = 1;\\nexport const w = 2;\\n" }',
  "    - commit: 'Add t'",
  "    - result: { status: completed, summary: 'added t' }",
  '  default:',
  '    - edit: { path: src/t/index.js, find: "const v", replace: "const value" }',
  "    - commit: 'Rename v on run {{run}}'",
  "    - result: { status: completed, summary: 'renamed v' }",
  '',
].join('\n');
