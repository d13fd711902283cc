import { describe, expect, it } from 'vitest';
import type { TaskSpec } from '../../shared/task-spec.js';
import type { SpecReviewFacts } from './spec-review.js';
import { reviewSpec } from './spec-review.js';

const GOOD_BODY =
  '## Goal\n\nAdd `formatPrice(cents)` in src/format.js returning a dollar string.\n\n## Acceptance criteria\n\n- `formatPrice(1250)` is `$12.50`\n';

function spec(over: Partial<TaskSpec> = {}): TaskSpec {
  return {
    id: 't',
    title: 'T',
    owns: ['src/format.js'],
    reads: [],
    depends_on: [],
    accept: ['npm test'],
    priority: 0,
    body: GOOD_BODY,
    file: '.grove/tasks/t.md',
    ...over,
  };
}

function textOf(s: TaskSpec): string {
  const accept = s.accept.length ? `accept: ${JSON.stringify(s.accept)}\n` : '';
  return `---\nid: ${s.id}\ntitle: ${s.title}\nowns: ${JSON.stringify(s.owns)}\n${accept}---\n${s.body}`;
}

function review(s: TaskSpec, facts: Partial<SpecReviewFacts> = {}) {
  return reviewSpec(s, {
    text: textOf(s),
    commandMissing: () => undefined,
    budgetTokens: 500_000,
    mergedTokens: [],
    ...facts,
  }).map((p) => `${p.line} ${p.field}: ${p.message}`);
}

describe('reviewSpec: what would make a spec better', () => {
  it('has nothing to say about a spec with a concrete goal, criteria and an accept command', () => {
    expect(review(spec())).toEqual([]);
  });

  it('asks for acceptance criteria and a command that proves the task done, at their lines', () => {
    const s = spec({ accept: [], body: 'Add `formatPrice(cents)` in src/format.js returning dollars.\n' });
    expect(review(s)).toEqual([
      '6 body: no acceptance criteria: the agent cannot tell when it is done, and the reviewer what to check',
      '1 accept: no `accept` command proves the task done: only a person can check it',
    ]);
    // An empty acceptance section counts as none, found at its heading.
    const empty = spec({
      body: 'Add `formatPrice(cents)` in src/format.js returning dollars.\n\n## Acceptance criteria\n\n- \n',
    });
    expect(review(empty)).toEqual([
      '9 body: no acceptance criteria: the agent cannot tell when it is done, and the reviewer what to check',
    ]);
  });

  it('names an accept command that cannot run here', () => {
    const s = spec({ accept: ['npm run e2e'] });
    const found = review(s, {
      commandMissing: (c) => (c === 'npm run e2e' ? 'package.json has no "e2e" script' : undefined),
    });
    expect(found).toEqual([
      '5 accept: accept command cannot run in this repository: package.json has no "e2e" script',
    ]);
  });

  it('warns when a task owns the whole repository', () => {
    expect(review(spec({ owns: ['**'] }))[0]).toMatch(/^4 owns: owns "\*\*": the whole repository/);
  });

  it('warns about a goal in a few words, or in vague words with nothing concrete', () => {
    expect(review(spec({ body: 'Fix it.\n\n## Acceptance\n\n- works\n' }))).toEqual([
      '7 body: the goal is 2 words: the agent has to guess what you mean',
    ]);
    expect(
      review(
        spec({
          body: 'Improve the code and clean up the whole thing so it is nicer.\n\n## Acceptance\n\n- nicer\n',
        }),
      ),
    ).toEqual(['7 body: the goal is stated only in vague words ("Improve") with nothing concrete']);
    // Vague words next to something concrete are fine.
    expect(
      review(
        spec({ body: 'Refactor `parseDate()` in src/date.ts to return UTC.\n\n## Acceptance\n\n- UTC\n' }),
      ),
    ).toEqual([]);
  });

  it('compares the budget with what merged tasks used, once there is history', () => {
    const s = spec({ budget: { tokens: 200_000 } });
    expect(review(s, { budgetTokens: 200_000, mergedTokens: [300_000, 500_000] })).toEqual([]); // too little history
    expect(review(s, { budgetTokens: 200_000, mergedTokens: [300_000, 420_000, 500_000] })).toEqual([
      "1 budget: tasks merged in earlier cycles used a median of 420k tokens (3 tasks); this one's budget is 200k",
    ]);
    expect(review(s, { budgetTokens: 600_000, mergedTokens: [300_000, 420_000, 500_000] })).toEqual([]);
  });
});
