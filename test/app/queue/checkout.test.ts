// moveBase with real git: the branch, the index and the files of its checkout move together or not at
// all, including when the checkout changes between grove's look (the hold check) and the move.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inspectCheckout, moveBase } from '../../../src/app/queue/checkout.js';
import type { TempRepo } from '../../helpers/git-repo.js';
import { makeTempRepo } from '../../helpers/git-repo.js';

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

/** main at `from` (README.md, shared.txt); `to` = from + a commit changing shared.txt and adding new.txt. */
function setup(): { r: TempRepo; from: string; to: string } {
  const r = makeTempRepo({ files: { 'shared.txt': 'one\n', 'other.txt': 'other\n' } });
  const from = r.git('rev-parse', 'HEAD').trim();
  r.git('switch', '-q', '-c', 'work');
  const to = r.commit('merged work', { 'shared.txt': 'one\nmerged\n', 'new.txt': 'new\n' });
  r.git('switch', '-q', 'main');
  repo = r;
  return { r, from, to };
}

const status = (r: TempRepo): string => r.git('status', '--porcelain').trimEnd();

describe('moveBase', () => {
  it('fast-forwards a clean checkout: branch, index and files match the new tip', async () => {
    const { r, from, to } = setup();
    expect(await inspectCheckout(r.root, 'main')).toMatchObject({ path: r.root, clean: true, head: from });
    const moved = await moveBase(r.root, 'main', from, to, 'grove test');
    expect(moved).toEqual({ kind: 'moved', checkout: { kind: 'fast-forwarded', path: r.root } });
    expect(r.git('rev-parse', 'main').trim()).toBe(to);
    expect(status(r)).toBe('');
    expect(readFileSync(join(r.root, 'new.txt'), 'utf8')).toBe('new\n');
  });

  it('names the dirty files of a checkout', async () => {
    const { r } = setup();
    writeFileSync(join(r.root, 'other.txt'), 'mine\n');
    expect(await inspectCheckout(r.root, 'main')).toMatchObject({ clean: false, dirty: ['other.txt'] });
  });

  it('the checkout changed after the look, in a file the merge changes: refused, nothing moved', async () => {
    const { r, from, to } = setup();
    expect((await inspectCheckout(r.root, 'main')).clean).toBe(true);
    writeFileSync(join(r.root, 'shared.txt'), 'my edit\n');
    const moved = await moveBase(r.root, 'main', from, to, 'grove test');
    expect(moved).toMatchObject({ kind: 'refused', path: r.root, files: ['shared.txt'] });
    expect(r.git('rev-parse', 'main').trim()).toBe(from);
    expect(status(r)).toBe(' M shared.txt');
    expect(readFileSync(join(r.root, 'shared.txt'), 'utf8')).toBe('my edit\n');
  });

  it('an untracked file where the merge adds one: refused, and the watched path keeps it dirty', async () => {
    const { r, from, to } = setup();
    writeFileSync(join(r.root, 'new.txt'), 'mine, untracked\n');
    const moved = await moveBase(r.root, 'main', from, to, 'grove test');
    expect(moved).toMatchObject({ kind: 'refused', files: ['new.txt'] });
    expect(r.git('rev-parse', 'main').trim()).toBe(from);
    expect((await inspectCheckout(r.root, 'main')).clean).toBe(true);
    expect(await inspectCheckout(r.root, 'main', ['new.txt'])).toMatchObject({
      clean: false,
      dirty: ['new.txt'],
    });
  });

  it('the checkout changed after the look, in another file: moved, the edit kept, nothing staged', async () => {
    const { r, from, to } = setup();
    writeFileSync(join(r.root, 'other.txt'), 'my edit\n');
    const moved = await moveBase(r.root, 'main', from, to, 'grove test');
    expect(moved).toMatchObject({ kind: 'moved' });
    expect(r.git('rev-parse', 'HEAD').trim()).toBe(to);
    expect(status(r)).toBe(' M other.txt');
    expect(r.git('diff', '--cached', '--name-only').trim()).toBe('');
    expect(readFileSync(join(r.root, 'shared.txt'), 'utf8')).toBe('one\nmerged\n');
  });

  it('a commit the user made meanwhile: moved-under, their commit stays', async () => {
    const { r, from, to } = setup();
    const theirs = r.commit('their commit', { 'other.txt': 'theirs\n' });
    const moved = await moveBase(r.root, 'main', from, to, 'grove test');
    expect(moved).toEqual({ kind: 'moved-under', actual: theirs });
    expect(r.git('rev-parse', 'main').trim()).toBe(theirs);
    expect(status(r)).toBe('');
  });

  it('not checked out: a compare-and-swap of the ref, the other checkout untouched', async () => {
    const { r, from, to } = setup();
    r.git('switch', '-q', '--detach');
    writeFileSync(join(r.root, 'shared.txt'), 'edit on a detached HEAD\n');
    expect(await moveBase(r.root, 'main', from, to, 'grove test')).toEqual({
      kind: 'moved',
      checkout: { kind: 'not-checked-out' },
    });
    expect(r.git('rev-parse', 'main').trim()).toBe(to);
    expect(await moveBase(r.root, 'main', from, to, 'grove test')).toEqual({
      kind: 'moved-under',
      actual: to,
    });
    expect(status(r)).toBe(' M shared.txt');
  });
});
