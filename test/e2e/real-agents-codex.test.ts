import { codexAdapter, CODEX_BASE_URL_KEY } from '../../src/infra/agents/codex/adapter.js';
import { defineRealAgentSuite } from './real-agents-suite.js';

defineRealAgentSuite({
  cli: 'codex',
  adapter: codexAdapter,
  protocol: 'openai',
  env: (url) => ({ [CODEX_BASE_URL_KEY]: `${url}/v1` }),
});
