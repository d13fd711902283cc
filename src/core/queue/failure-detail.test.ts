import { describe, expect, it } from 'vitest';
import { queueFailureDetail } from './failure-detail.js';

describe('queueFailureDetail', () => {
  it('names the command and the last lines of its output, then the fingerprint', () => {
    expect(
      queueFailureDetail({
        command: 'npm test',
        outputTail: '[… earlier output omitted …]\nok 1\n\nFAIL cart.test.js\nexpected 3, got 2\n',
        fingerprint: 'queue:abcd1234',
      }),
    ).toBe('`npm test` failed: FAIL cart.test.js ⏎ expected 3, got 2 (queue:abcd1234)');
  });
  it('says so when the output is empty, and stays one short line', () => {
    expect(queueFailureDetail({ command: '', outputTail: '', fingerprint: 'queue' })).toBe(
      'the queue test failed (queue)',
    );
    const long = queueFailureDetail({ command: 'x', outputTail: 'y'.repeat(1000), fingerprint: 'f' }, 50);
    expect(long).toHaveLength(50);
    expect(long.endsWith('…')).toBe(true);
  });
});
