import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { EXIT_CODES, handleError, jsonError } from './handle-error.js';

/** Whether `--json` was asked for: the parsed option once an action runs, the raw arguments before. */
interface JsonMode {
  json: boolean;
}

function jsonInArgs(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

export async function buildProgram(
  args: readonly string[],
  mode: JsonMode = { json: false },
): Promise<Command> {
  const program = new Command('grove')
    .description(
      'Run several AI coding agents in parallel on one repository, each in its own git worktree:\nplan → spawn → monitor → verify → integrate → compound.',
    )
    .version('0.1.0')
    .showHelpAfterError('(run `grove <command> --help` for usage)')
    // Under --json a parse error is printed once, as the JSON error (see main); help still prints.
    .configureOutput({ outputError: (text, write) => (mode.json ? undefined : write(text)) })
    .exitOverride()
    .hook('preAction', (_program, action) => {
      mode.json = action.opts<{ json?: unknown }>().json === true;
    });
  await registerCommands(program, args);
  return program;
}

async function main(argv: string[]): Promise<void> {
  // `grove … | head`: the reader went away; that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const mode: JsonMode = { json: jsonInArgs(argv.slice(2)) };
  try {
    await (await buildProgram(argv.slice(2), mode)).parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with 0; every parse error is a usage error.
      if (error.exitCode === 0) return;
      if (mode.json) {
        const message = error.message.replace(/^error: /, '');
        const hint = 'run `grove <command> --help` for usage';
        process.stdout.write(`${JSON.stringify(jsonError('USAGE', message, hint))}\n`);
      }
      process.exitCode = EXIT_CODES.USAGE;
      return;
    }
    process.exitCode = handleError(error, {
      json: mode.json,
      stdout: process.stdout,
      stderr: process.stderr,
    });
  }
}

await main(process.argv);
