import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../shared/agent-event.js';
import { movePath, withLocalPaths } from './host-paths.js';

describe('host paths', () => {
  it('moves paths inside the folder and nothing else', () => {
    expect(movePath('/h/wt/t1/src/a.js', '/h/wt/t1', '/l/t1')).toBe('/l/t1/src/a.js');
    expect(movePath('/h/wt/t1', '/h/wt/t1', '/l/t1')).toBe('/l/t1');
    expect(movePath('/h/wt/t10/src/a.js', '/h/wt/t1', '/l/t1')).toBe('/h/wt/t10/src/a.js');
    expect(movePath('src/a.js', '/h/wt/t1', '/l/t1')).toBe('src/a.js');
  });

  it("rewrites a host agent's tool-call files to the local worktree", () => {
    const events: AgentEvent[] = [
      { kind: 'tool_call', id: '1', name: 'Write', files: ['/h/wt/t1/src/a.js', '/etc/passwd'] },
      { kind: 'message', role: 'assistant', text: 'wrote /h/wt/t1/src/a.js' },
    ];
    const parse = withLocalPaths(() => events, '/h/wt/t1', '/l/t1');
    expect(parse('line')).toEqual([
      { kind: 'tool_call', id: '1', name: 'Write', files: ['/l/t1/src/a.js', '/etc/passwd'] },
      events[1],
    ]);
  });
});
