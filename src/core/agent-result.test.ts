import { describe, expect, it } from 'vitest';
import { parseAgentResult } from './agent-result.js';

describe('parseAgentResult', () => {
  it('reads a fenced json block at the end of the final message', () => {
    const text = [
      'I added the form and the tests pass.',
      '',
      '```json',
      '{"status": "completed", "summary": "login form", "learnings": ["run `npm test -- --run`"]}',
      '```',
    ].join('\n');
    expect(parseAgentResult(text)).toEqual({
      kind: 'ok',
      result: { status: 'completed', summary: 'login form', learnings: ['run `npm test -- --run`'] },
    });
  });

  it('reads a bare object, defaults learnings, and keeps paths and reason', () => {
    const text =
      'I need more files. {"status":"scope_expansion","summary":"needs the router","paths":["src/router.ts"],"reason":"route table"}';
    expect(parseAgentResult(text)).toEqual({
      kind: 'ok',
      result: {
        status: 'scope_expansion',
        summary: 'needs the router',
        learnings: [],
        paths: ['src/router.ts'],
        reason: 'route table',
      },
    });
  });

  it('takes the last block with a status when there are several, skipping other objects', () => {
    const text = [
      'Earlier: ```json\n{"status": "blocked", "summary": "first try"}\n```',
      'Config I used: {"retries": 3}',
      '```json\n{"status": "completed", "summary": "second try", "learnings": []}\n```',
      'Braces in prose {like this} are not JSON.',
    ].join('\n');
    expect(parseAgentResult(text)).toMatchObject({ kind: 'ok', result: { summary: 'second try' } });
  });

  it('handles braces inside JSON strings', () => {
    const text =
      'Done {"status":"completed","summary":"added {curly} \\"quoted\\" text","learnings":["a } b"]}';
    expect(parseAgentResult(text)).toMatchObject({
      kind: 'ok',
      result: { summary: 'added {curly} "quoted" text', learnings: ['a } b'] },
    });
  });

  it('says missing when there is no block, and invalid when the block is broken or off-contract', () => {
    expect(parseAgentResult(undefined)).toEqual({ kind: 'missing' });
    expect(parseAgentResult('All done, tests pass.')).toEqual({ kind: 'missing' });
    expect(parseAgentResult('Result: {"files": 3}')).toEqual({ kind: 'missing' });

    const broken = parseAgentResult('```json\n{"status": "completed", "summary": "x",}\n```');
    expect(broken.kind).toBe('invalid');
    expect(broken.kind === 'invalid' && broken.error).toMatch(/not valid JSON/);

    const wrong = parseAgentResult('```json\n{"status": "done", "summary": "x"}\n```');
    expect(wrong.kind).toBe('invalid');
    expect(wrong.kind === 'invalid' && wrong.error).toMatch(
      /^the result block does not match the contract: status/,
    );

    const noSummary = parseAgentResult('{"status": "completed", "learnings": "one"}');
    expect(noSummary.kind === 'invalid' && noSummary.error).toMatch(/summary/);
  });
});
