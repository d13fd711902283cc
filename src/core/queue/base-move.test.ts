import { describe, expect, it } from 'vitest';
import { judgeBaseMove } from './base-move.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('judgeBaseMove', () => {
  it('the first look and grove’s own tip are ours', () => {
    expect(
      judgeBaseMove({ recorded: undefined, actual: A, recordedIsAncestor: false, agentWork: undefined }),
    ).toEqual({ kind: 'ours', first: true });
    expect(judgeBaseMove({ recorded: A, actual: A, recordedIsAncestor: true, agentWork: undefined })).toEqual(
      { kind: 'ours', first: false },
    );
  });
  it('commits on top by someone else are accepted', () => {
    expect(judgeBaseMove({ recorded: A, actual: B, recordedIsAncestor: true, agentWork: undefined })).toEqual(
      { kind: 'advanced' },
    );
  });
  it('a base that dropped grove’s commits is foreign', () => {
    const r = judgeBaseMove({ recorded: A, actual: B, recordedIsAncestor: false, agentWork: undefined });
    expect(r.kind === 'foreign' && r.why).toContain('commits grove merged are no longer on it');
  });
  it('a base moved to an agent’s own work is foreign even as a fast-forward', () => {
    const r = judgeBaseMove({ recorded: A, actual: B, recordedIsAncestor: true, agentWork: 'grove/x' });
    expect(r.kind === 'foreign' && r.why).toContain('a commit of grove/x');
  });
});
