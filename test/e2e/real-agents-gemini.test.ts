import { geminiAdapter, GEMINI_BASE_URL_KEY } from '../../src/infra/agents/gemini/adapter.js';
import { defineRealAgentSuite } from './real-agents-suite.js';

defineRealAgentSuite({
  cli: 'gemini',
  adapter: geminiAdapter,
  protocol: 'gemini',
  env: (url) => ({ [GEMINI_BASE_URL_KEY]: url, GEMINI_API_KEY: 'mock-key' }),
});
