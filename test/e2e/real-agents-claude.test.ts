import { claudeAdapter, CLAUDE_BASE_URL_KEY } from '../../src/infra/agents/claude/adapter.js';
import { defineRealAgentSuite } from './real-agents-suite.js';

defineRealAgentSuite({
  cli: 'claude',
  adapter: claudeAdapter,
  protocol: 'anthropic',
  env: (url) => ({ [CLAUDE_BASE_URL_KEY]: url, ANTHROPIC_API_KEY: 'mock-key' }),
});
