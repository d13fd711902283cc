// $CODEX_HOME/config.toml for a Codex run against a configured endpoint (a local or self-hosted
// Responses API): one model provider, no approvals, no update checks, no analytics.

export interface CodexProvider {
  baseUrl: string;
  /** The environment variable holding the API key. */
  envKey: string;
  model: string;
  sandbox: string;
}

/** A TOML basic string (JSON string escapes are valid TOML for the text grove puts here). */
function str(value: string): string {
  return JSON.stringify(value);
}

export function codexConfigToml(p: CodexProvider): string {
  return [
    '# Written by grove for this agent: Codex talks only to the endpoint below.',
    `model = ${str(p.model)}`,
    'model_provider = "grove"',
    'approval_policy = "never"',
    `sandbox_mode = ${str(p.sandbox)}`,
    'check_for_update_on_startup = false',
    '',
    '[model_providers.grove]',
    'name = "grove"',
    `base_url = ${str(p.baseUrl)}`,
    `env_key = ${str(p.envKey)}`,
    'wire_api = "responses"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
    '[analytics]',
    'enabled = false',
    '',
  ].join('\n');
}
