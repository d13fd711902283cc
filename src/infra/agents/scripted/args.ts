import type { OutputFormat } from './stream-writer.js';

/** The scripted agent's command line: Claude Code's flags it understands, plus its own. */
export interface AgentArgs {
  prompt: string | undefined;
  sessionId: string | undefined;
  resume: string | undefined;
  script: string | undefined;
  home: string | undefined;
  task: string | undefined;
  model: string | undefined;
  permissionMode: string;
  outputFormat: OutputFormat;
  help: boolean;
  version: boolean;
  /** grove's reflection turn: answer from the script's `reflect`; not counted as a run. */
  reflect: boolean;
}

/** Claude flags that take a value; accepted and ignored unless listed in AgentArgs. */
const VALUE_FLAGS = new Set([
  '--session-id',
  '--resume',
  '-r',
  '--script',
  '--home',
  '--task',
  '--model',
  '--permission-mode',
  '--output-format',
  '--input-format',
  '--max-turns',
  '--max-budget-usd',
  '--allowedTools',
  '--allowed-tools',
  '--disallowedTools',
  '--disallowed-tools',
  '--append-system-prompt',
  '--system-prompt',
  '--add-dir',
  '--mcp-config',
  '--settings',
  '--fallback-model',
]);

export class ArgsError extends Error {
  override readonly name = 'ArgsError';
}

export function parseArgs(argv: readonly string[]): AgentArgs {
  const values = new Map<string, string>();
  const positional: string[] = [];
  let help = false;
  let version = false;
  let reflect = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) {
      values.set(arg.slice(0, eq), arg.slice(eq + 1));
    } else if (arg === '-p' || arg === '--print') {
      // Claude's --print is a switch and the prompt positional; `-p "<prompt>"` reads the same.
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('-')) {
        positional.push(next);
        i++;
      }
    } else if (arg === '-h' || arg === '--help') {
      help = true;
    } else if (arg === '-v' || arg === '--version') {
      version = true;
    } else if (arg === '--reflect') {
      reflect = true;
    } else if (VALUE_FLAGS.has(arg)) {
      const next = argv[i + 1];
      if (next === undefined) throw new ArgsError(`${arg} needs a value`);
      values.set(arg, next);
      i++;
    } else if (arg.startsWith('-')) {
      // An unknown switch (--verbose, --dangerously-skip-permissions, ...): accepted.
    } else {
      positional.push(arg);
    }
  }
  const format = values.get('--output-format') ?? 'stream-json';
  if (format !== 'stream-json' && format !== 'json' && format !== 'text') {
    throw new ArgsError(`--output-format must be stream-json, json or text, not "${format}"`);
  }
  return {
    prompt: positional.length > 0 ? positional.join(' ') : undefined,
    sessionId: values.get('--session-id'),
    resume: values.get('--resume') ?? values.get('-r'),
    script: values.get('--script'),
    home: values.get('--home'),
    task: values.get('--task'),
    model: values.get('--model'),
    permissionMode: values.get('--permission-mode') ?? 'acceptEdits',
    outputFormat: format,
    help,
    version,
    reflect,
  };
}

export const USAGE = `scripted-agent: grove's fake coding agent; prints Claude Code–shaped stream-json.

Usage: scripted-agent -p "<prompt>" --script <file> [--session-id <id> | --resume <id>]
                      [--home <dir>] [--task <id>] [--output-format stream-json|json|text]

  --script <file>      the script to follow (YAML or JSON; env GROVE_SCRIPT). See docs/scripted-agent.md.
  --home <dir>         where the run counter lives (env GROVE_SCRIPTED_HOME).
  --task <id>          whose runs to count (env GROVE_TASK_ID; default: the folder name).
  -p <prompt>          the prompt; without it the prompt is read from stdin.
  --reflect            grove's reflection turn: answer from the script's \`reflect\` (not a counted run).
Other Claude Code flags (--verbose, --permission-mode, --model, ...) are accepted.

Example: scripted-agent -p "add a greeting" --script .grove/scripts/hello.yaml --home /tmp/h
`;
