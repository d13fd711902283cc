import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../shared/config.js';
import { agentNames, resolveAgent } from './agents.js';

describe('resolveAgent', () => {
  it('knows the built-ins, with the adapter of the same name', () => {
    const config = ConfigSchema.parse({});
    for (const name of ['claude', 'codex', 'gemini', 'scripted']) {
      const r = resolveAgent(config, name);
      expect(r.kind === 'found' && r.agent.adapter).toBe(name);
    }
  });

  it('uses default_agent when no name is given, and config entries override built-ins', () => {
    const config = ConfigSchema.parse({
      default_agent: 'mine',
      agents: { mine: { adapter: 'command', bin: 'aider' }, claude: { adapter: 'claude', model: 'opus' } },
    });
    expect(resolveAgent(config, undefined)).toMatchObject({
      kind: 'found',
      name: 'mine',
      agent: { adapter: 'command', bin: 'aider' },
    });
    expect(resolveAgent(config, 'claude')).toMatchObject({ kind: 'found', agent: { model: 'opus' } });
    expect(agentNames(config)).toEqual(['claude', 'codex', 'gemini', 'mine', 'scripted']);
  });

  it('reports an unknown name with the known ones (and no prototype keys)', () => {
    const config = ConfigSchema.parse({});
    expect(resolveAgent(config, 'gpt')).toEqual({
      kind: 'unknown',
      name: 'gpt',
      known: ['claude', 'codex', 'gemini', 'scripted'],
    });
    expect(resolveAgent(config, 'toString').kind).toBe('unknown');
  });
});
